package org.dataelements.factory.quality.internal.deequ;

import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.ConstraintSuggestionWithValue;
import com.amazon.deequ.suggestions.Rules;
import com.amazon.deequ.suggestions.rules.CategoricalRangeRule;
import com.amazon.deequ.suggestions.rules.CompleteIfCompleteRule;
import com.amazon.deequ.suggestions.rules.ConstraintRule;
import com.amazon.deequ.suggestions.rules.FractionalCategoricalRangeRule;
import com.amazon.deequ.suggestions.rules.NonNegativeNumbersRule;
import com.amazon.deequ.suggestions.rules.RetainCompletenessRule;
import com.amazon.deequ.suggestions.rules.RetainTypeRule;
import com.amazon.deequ.suggestions.rules.UniqueIfApproximatelyUniqueRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.quality.QualitySuggestions.Suggestion;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Runs Deequ's constraint suggestion (default rules plus uniqueness) and maps each suggestion to a
 * factory check by the Deequ rule that made it; Scala types stay in here (STYLE §4).
 */
public final class DeequSuggestions {
  private DeequSuggestions() {}

  /** The suggestions for the data's plain, non-audit columns, in column then rule order. */
  public static List<Suggestion> run(Dataset<Row> data) {
    List<String> columns = new ArrayList<>();
    List<Column> profiled = new ArrayList<>();
    for (StructField f : data.schema().fields()) {
      DataType t = f.dataType();
      boolean nested =
          t instanceof StructType
              || t instanceof ArrayType
              || t instanceof MapType
              || t instanceof BinaryType;
      if (f.name().startsWith("_") || nested) {
        continue;
      }
      columns.add(f.name());
      Column c = functions.col("`" + f.name().replace("`", "``") + "`");
      // Deequ's profiler knows these types only; it prints "Unable to map type" to stdout for
      // others (dates among them), so those are profiled as text.
      boolean known =
          t instanceof StringType
              || t instanceof ShortType
              || t instanceof IntegerType
              || t instanceof LongType
              || t instanceof DecimalType
              || t instanceof FloatType
              || t instanceof DoubleType
              || t instanceof BooleanType
              || t instanceof TimestampType;
      profiled.add(known ? c : c.cast(DataTypes.StringType).as(f.name()));
    }
    if (columns.isEmpty()) {
      return List.of();
    }
    ConstraintSuggestionResult result =
        new ConstraintSuggestionRunner()
            .onData(data.select(profiled.toArray(Column[]::new)))
            .addConstraintRules(Rules.DEFAULT())
            .addConstraintRule(new UniqueIfApproximatelyUniqueRule())
            .restrictToColumns(JavaConverters.asScalaBuffer(columns).toSeq())
            .run();
    List<Suggestion> out = new ArrayList<>();
    Map<String, Seq<ConstraintSuggestion>> byColumn =
        JavaConverters.mapAsJavaMap(result.constraintSuggestions());
    for (String column : columns) {
      Seq<ConstraintSuggestion> found = byColumn.get(column);
      if (found == null) {
        continue;
      }
      List<Suggestion> mapped = new ArrayList<>();
      for (ConstraintSuggestion s : JavaConverters.seqAsJavaList(found)) {
        mapped.add(map(column, s));
      }
      mapped.sort(Comparator.comparingInt(DeequSuggestions::order));
      out.addAll(mapped);
    }
    return List.copyOf(out);
  }

  private static Suggestion map(String column, ConstraintSuggestion s) {
    ConstraintRule<?> rule = s.suggestingRule();
    String description = s.description();
    String evidence = s.currentValue();
    if (rule instanceof CompleteIfCompleteRule) {
      return mapped(
          column, description, evidence, check(CheckSpec.Rule.COMPLETE, column, List.of()));
    }
    if (rule instanceof NonNegativeNumbersRule) {
      return mapped(
          column, description, evidence, check(CheckSpec.Rule.NON_NEGATIVE, column, List.of()));
    }
    if (rule instanceof UniqueIfApproximatelyUniqueRule) {
      return mapped(column, description, evidence, check(CheckSpec.Rule.UNIQUE, column, List.of()));
    }
    if (rule instanceof CategoricalRangeRule
        && s instanceof ConstraintSuggestionWithValue<?> v
        && v.value() instanceof Seq<?> values) {
      List<String> set = new ArrayList<>();
      for (Object o : JavaConverters.seqAsJavaList(values)) {
        set.add(String.valueOf(o));
      }
      if (!set.isEmpty()) {
        return mapped(column, description, evidence, check(CheckSpec.Rule.IN_SET, column, set));
      }
    }
    return new Suggestion(column, description, evidence, Optional.empty(), whyNot(rule));
  }

  private static String whyNot(ConstraintRule<?> rule) {
    if (rule instanceof RetainCompletenessRule) {
      return "no rule takes a completeness threshold; declare complete once the column has no nulls";
    }
    if (rule instanceof RetainTypeRule) {
      return "the table's schema already fixes the column's type";
    }
    if (rule instanceof FractionalCategoricalRangeRule) {
      return "in_set must hold for every value, this holds for most values only";
    }
    return "no factory rule matches Deequ's " + rule.getClass().getSimpleName();
  }

  private static Suggestion mapped(
      String column, String description, String evidence, CheckSpec check) {
    return new Suggestion(column, description, evidence, Optional.of(check), "");
  }

  private static CheckSpec check(CheckSpec.Rule rule, String column, List<String> values) {
    return new CheckSpec(
        rule,
        List.of(column),
        CheckSpec.Severity.WARN,
        Optional.empty(),
        Optional.empty(),
        values,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private static int order(Suggestion s) {
    if (s.check().isEmpty()) {
      return 100;
    }
    return switch (s.check().get().rule()) {
      case COMPLETE -> 0;
      case UNIQUE -> 1;
      case NON_NEGATIVE -> 2;
      case IN_SET -> 3;
      default -> 50;
    };
  }
}

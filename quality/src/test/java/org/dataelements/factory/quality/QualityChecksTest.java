package org.dataelements.factory.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.CheckSpec;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.QualityGateException;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.core.testing.SparkTestSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("spark")
@ExtendWith(SparkTestSession.class)
class QualityChecksTest {
  static final TableId TABLE = TableId.silver("qtest", "things");

  static CheckSpec check(
      CheckSpec.Rule rule,
      List<String> cols,
      CheckSpec.Severity sev,
      Double min,
      List<String> values) {
    return new CheckSpec(
        rule,
        cols,
        sev,
        Optional.ofNullable(min),
        Optional.empty(),
        values,
        Optional.empty(),
        Optional.empty(),
        Optional.of("look at the source"));
  }

  private static Dataset<Row> data(SparkSession spark) {
    StructType schema =
        new StructType().add("id", DataTypes.StringType).add("v", DataTypes.DoubleType);
    return spark.createDataFrame(
        List.of(
            RowFactory.create("a", 1.0),
            RowFactory.create("b", -2.0),
            RowFactory.create("b", null)),
        schema);
  }

  @Test
  void runsAllChecksAndReportsObservedAgainstThreshold(SparkSession spark) {
    QualityReport r =
        QualityChecks.verify(
            TABLE,
            data(spark),
            List.of(
                check(
                    CheckSpec.Rule.COMPLETE,
                    List.of("id"),
                    CheckSpec.Severity.FAIL,
                    null,
                    List.of()),
                check(
                    CheckSpec.Rule.UNIQUE, List.of("id"), CheckSpec.Severity.WARN, null, List.of()),
                check(
                    CheckSpec.Rule.NON_NEGATIVE,
                    List.of("v"),
                    CheckSpec.Severity.FAIL,
                    null,
                    List.of()),
                check(CheckSpec.Rule.ROW_COUNT, List.of(), CheckSpec.Severity.FAIL, 3.0, List.of()),
                check(
                    CheckSpec.Rule.IN_SET,
                    List.of("id"),
                    CheckSpec.Severity.WARN,
                    null,
                    List.of("a", "b"))));
    List<ConstraintOutcome> o = r.outcomes();
    assertEquals(ConstraintOutcome.Status.PASSED, o.get(0).status());
    assertEquals(ConstraintOutcome.Status.WARNED, o.get(1).status());
    assertEquals(ConstraintOutcome.Status.FAILED, o.get(2).status());
    assertEquals(ConstraintOutcome.Status.PASSED, o.get(3).status());
    assertEquals(ConstraintOutcome.Status.PASSED, o.get(4).status());
    assertTrue(
        o.get(1).observed().contains("0.33") || o.get(1).observed().contains("uniqueness"),
        o.get(1).observed());
    assertEquals(1, r.blocking().size());
    assertTrue(
        r.metrics().stream()
            .anyMatch(m -> m.name().equals("Completeness") && m.instance().equals("id")));
    var e = assertThrows(QualityGateException.class, r::enforce);
    assertTrue(e.getMessage().contains("non_negative(v)"), e.getMessage());
    assertTrue(e.getMessage().contains("silver.qtest__things"), e.getMessage());
    assertTrue(e.getMessage().contains("every value >= 0"), e.getMessage());
    assertTrue(e.getMessage().contains("hint: look at the source"), e.getMessage());
    assertEquals(5, r.asOpsRows("run").size());
  }

  @Test
  void aCheckOnAMissingColumnFailsBeforeAnySparkJobListingTheColumns(SparkSession spark) {
    var e =
        assertThrows(
            InvalidSpecException.class,
            () ->
                QualityChecks.verify(
                    TABLE,
                    data(spark),
                    List.of(
                        check(
                            CheckSpec.Rule.COMPLETE,
                            List.of("nope"),
                            CheckSpec.Severity.FAIL,
                            null,
                            List.of()))));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    assertTrue(e.getMessage().contains("id, v"), e.getMessage());
  }
}

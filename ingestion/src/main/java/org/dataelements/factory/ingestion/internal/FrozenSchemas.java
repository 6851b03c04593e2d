package org.dataelements.factory.ingestion.internal;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.TableId;

/**
 * The schema of each bronze table, inferred from its first landing and then frozen in {@code
 * <warehouse>/_schemas/<source>/<object>.json} (CONTRACT.md). Later batches are reconciled against
 * it: new columns (or new fields inside a struct) are added and reported; a column whose type
 * changed keeps its values as JSON in {@code _rescued_data} and is null in its column, so no value
 * is cast silently and none is lost. The file keeps a history of every change.
 */
public final class FrozenSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> AUDIT =
      Set.of(
          BronzeColumns.SOURCE_FILE,
          BronzeColumns.SOURCE_CHECKSUM,
          BronzeColumns.BATCH_ID,
          BronzeColumns.INGESTED_AT,
          BronzeColumns.RESCUED_DATA);

  private final String warehouse;
  private final Configuration hadoop;

  public FrozenSchemas(String warehouse, Configuration hadoop) {
    this.warehouse = warehouse;
    this.hadoop = hadoop;
  }

  /** A column whose type differs from the frozen one. */
  public record TypeChange(String column, String frozenType, String batchType) {}

  /**
   * A batch reconciled with its table's frozen schema: the rows to write, and what drifted. {@code
   * firstLanding} is true when this batch freezes the schema.
   */
  public record Reconciled(
      Dataset<Row> rows,
      boolean firstLanding,
      List<String> added,
      List<TypeChange> rescued,
      List<String> absent,
      StructType nextFrozen) {
    public Reconciled {
      added = List.copyOf(added);
      rescued = List.copyOf(rescued);
      absent = List.copyOf(absent);
    }

    public boolean drifted() {
      return !added.isEmpty() || !rescued.isEmpty();
    }

    /** One line for the run output and the files' {@code reason}; empty when nothing drifted. */
    public String summary() {
      List<String> parts = new ArrayList<>();
      if (!added.isEmpty()) {
        parts.add("new column(s) added: " + String.join(", ", added));
      }
      for (TypeChange c : rescued) {
        parts.add(
            "column '"
                + c.column()
                + "' is "
                + c.batchType()
                + ", frozen as "
                + c.frozenType()
                + ": its values kept in _rescued_data, not cast");
      }
      return parts.isEmpty() ? "" : "schema drift: " + String.join("; ", parts);
    }
  }

  /** Where a table's frozen schema lives. */
  public String location(TableId table) {
    return warehouse + "/_schemas/" + table.namespace() + "/" + table.entity() + ".json";
  }

  /** The frozen schema of a table; empty before its first landing. */
  public Optional<StructType> frozen(TableId table) {
    return read(table).map(n -> (StructType) DataType.fromJson(n.get("schema").toString()));
  }

  /**
   * Reconciles a parsed batch (source columns plus {@code _source_file}/{@code _source_checksum})
   * with the table's frozen schema ({@code tableSchema}: the bronze table's, where it exists).
   * Writes nothing: call {@link #freeze} after the commit.
   */
  public Reconciled reconcile(TableId table, Dataset<Row> batch, Optional<StructType> tableSchema) {
    StructType source = sourceColumns(batch.schema());
    Optional<StructType> recorded = frozen(table);
    // A table landed before schemas were frozen: its current columns are the frozen schema.
    Optional<StructType> frozen = recorded.or(() -> tableSchema.map(FrozenSchemas::sourceColumns));
    if (frozen.isEmpty()) {
      return new Reconciled(
          withRescue(batch, List.of()), true, List.of(), List.of(), List.of(), source);
    }
    Map<String, StructField> old = new LinkedHashMap<>();
    for (StructField f : frozen.get().fields()) {
      old.put(f.name(), f);
    }
    List<String> added = new ArrayList<>();
    List<TypeChange> rescued = new ArrayList<>();
    StructType next = frozen.get();
    for (StructField f : source.fields()) {
      StructField was = old.get(f.name());
      if (was == null) {
        added.add(f.name());
        next = next.add(f);
      } else if (!was.dataType().sameType(f.dataType())) {
        if (extends_(was.dataType(), f.dataType())) {
          added.add(f.name() + " (new nested fields)");
          next = replace(next, f);
        } else {
          rescued.add(
              new TypeChange(f.name(), was.dataType().simpleString(), f.dataType().simpleString()));
        }
      }
    }
    List<String> present = Arrays.asList(source.fieldNames());
    List<String> absent = old.keySet().stream().filter(n -> !present.contains(n)).toList();
    Dataset<Row> rows = withRescue(batch, rescued.stream().map(c -> old.get(c.column())).toList());
    return new Reconciled(rows, recorded.isEmpty(), added, rescued, absent, next);
  }

  /** Records the schema after a committed batch (first landing or drift); no-op otherwise. */
  public void freeze(TableId table, Reconciled r, String runId) {
    if (!r.firstLanding() && r.added().isEmpty()) {
      return;
    }
    ObjectNode doc =
        read(table)
            .map(n -> (ObjectNode) n)
            .orElseGet(
                () -> {
                  ObjectNode n = JSON.createObjectNode();
                  n.put("table", table.sqlName());
                  n.put("frozen_at", Instant.now().toString());
                  n.put("frozen_by_run", runId);
                  n.putArray("history");
                  return n;
                });
    int version = doc.path("version").asInt(0) + 1;
    doc.put("version", version);
    try {
      doc.set("schema", JSON.readTree(r.nextFrozen().json()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode h = ((ArrayNode) doc.get("history")).addObject();
    h.put("version", version);
    h.put("run_id", runId);
    h.put("at", Instant.now().toString());
    h.put(
        "change",
        version == 1
            ? "frozen at first landing" + (r.drifted() ? "; " + r.summary() : "")
            : r.summary());
    write(table, doc);
  }

  private static StructType sourceColumns(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      if (!AUDIT.contains(f.name())) {
        out = out.add(f);
      }
    }
    return out;
  }

  /**
   * The batch with {@code _rescued_data}: the JSON of the changed columns' values (null when all
   * are null), those columns nulled at their frozen type; a rescue the parser made is kept.
   */
  private static Dataset<Row> withRescue(Dataset<Row> batch, List<StructField> changedToFrozen) {
    Column parserRescue =
        Arrays.asList(batch.columns()).contains(BronzeColumns.RESCUED_DATA)
            ? col(BronzeColumns.RESCUED_DATA)
            : lit(null).cast(DataTypes.StringType);
    if (changedToFrozen.isEmpty()) {
      return batch.withColumn(BronzeColumns.RESCUED_DATA, parserRescue);
    }
    Column anyValue = lit(false);
    List<Column> values = new ArrayList<>();
    for (StructField f : changedToFrozen) {
      Column c = col(quoted(f.name()));
      anyValue = anyValue.or(c.isNotNull());
      values.add(c.as(f.name()));
    }
    Column rescue = when(anyValue, to_json(struct(values.toArray(Column[]::new))));
    Dataset<Row> out = batch.withColumn(BronzeColumns.RESCUED_DATA, coalesce(parserRescue, rescue));
    for (StructField f : changedToFrozen) {
      out = out.withColumn(f.name(), lit(null).cast(f.dataType()));
    }
    return out;
  }

  /** True when {@code now} only adds fields to the structs of {@code was} (Delta can merge it). */
  static boolean extends_(DataType was, DataType now) {
    if (was instanceof StructType ws && now instanceof StructType ns) {
      for (StructField f : ws.fields()) {
        Optional<StructField> n =
            Arrays.stream(ns.fields()).filter(x -> x.name().equals(f.name())).findFirst();
        if (n.isEmpty()
            || !(n.get().dataType().sameType(f.dataType())
                || extends_(f.dataType(), n.get().dataType()))) {
          return false;
        }
      }
      return true;
    }
    if (was instanceof ArrayType wa && now instanceof ArrayType na) {
      return extends_(wa.elementType(), na.elementType());
    }
    return false;
  }

  private static StructType replace(StructType schema, StructField field) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(field.name())) {
        fields[i] = field;
      }
    }
    return new StructType(fields);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private Optional<JsonNode> read(TableId table) {
    Path p = new Path(location(table));
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(JSON.readTree(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the frozen schema " + p, e);
    }
  }

  private void write(TableId table, ObjectNode doc) {
    Path p = new Path(location(table));
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      try (OutputStream out = fs.create(p, true)) {
        out.write(
            JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(doc)
                .getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the frozen schema " + p, e);
    }
  }
}

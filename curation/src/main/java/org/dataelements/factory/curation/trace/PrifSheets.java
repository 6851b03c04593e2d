package org.dataelements.factory.curation.trace;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.posexplode_outer;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The UK PRiF brand-name-annex sheets ({@code bronze.pesticide_residues__sample_details}) as
 * analyte results. A sheet lists samples, one row each, under optional section headings ("Eating",
 * "Cos"); a sample with several residues continues on the rows below it, which carry only the
 * residue cell. Columns are found by their header whatever a quarter calls them ({@link Field}),
 * continuation rows take the sample of the nearest sample row above them (by {@code
 * _record_number}, the row's position in its file), and residue cells are read by {@link
 * ResidueCells}.
 *
 * <p>Each bronze row yields one result per residue it names (one {@code not_detected} result for
 * "None were detected"), or one quarantine row: a section heading, note, blank or repeated header
 * row, a continuation row with no sample above it (or whose position is unknown), a sample whose
 * date of sampling is missing or not a date (with all its rows), a sample row with an empty residue
 * cell, and a residue cell that cannot be read (the row whole, naming file, row, column and text).
 */
final class PrifSheets {
  private PrifSheets() {}

  static final String SOURCE = "prif";

  /** The columns of a sample sheet this step uses, by what their headers say. */
  enum Field {
    SAMPLE_ID("Sample ID", "sample(id|no|number|ref|reference|code)?"),
    SAMPLED("Date of Sampling", "dateofsampl(ing|e)|sampl(ing|e)date|datesampled|date"),
    DESCRIPTION(
        "Description", "(sample|product|food)?description|commodity|product(name)?|food|item"),
    ORIGIN("Country of Origin", "(countryof)?origin|countryoforigin\\w*|country"),
    SAMPLING_POINT(
        "Sampling Point",
        "samplingpoint|retailoutlet|retailer|outlet|pointofsa(le|mpling)|samplingpointretailoutlet"
            + "|retailoutletsamplingpoint|samplingsite|shop|store"),
    BRAND("Brand Name", "brand(name)?"),
    RESIDUES("Pesticide residues found in mg/kg (MRL)", "\\w*residue\\w*");

    final String usual;
    private final Pattern normalized;

    Field(String usual, String normalized) {
      this.usual = usual;
      this.normalized = Pattern.compile(normalized);
    }

    /** The field a header names (case, spaces and punctuation ignored), if any. */
    static Optional<Field> of(String header) {
      String n = normalize(header);
      for (Field f : values()) {
        if (f.normalized.matcher(n).matches()) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /** A header or cell as letters and digits only, lower case. */
  static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
  }

  static final String BLANK = "blank";
  static final String HEADER = "repeated_header";
  static final String HEADING = "heading";
  static final String NOTE = "note";
  static final String SAMPLE = "sample";
  static final String CONTINUATION = "continuation";
  static final String STRAY = "stray";

  static final String RULE_BLANK = "blank_row";
  static final String RULE_HEADER = "repeated_header";
  static final String RULE_HEADING = "section_heading";
  static final String RULE_NOTE = "note_row";
  static final String RULE_STRAY = "stray_cells";
  static final String RULE_NO_ORDER = "row_order_unknown";
  static final String RULE_ORPHAN = "continuation_without_sample";
  static final String RULE_NO_DATE = "complete(date_of_sampling)";
  static final String RULE_BAD_DATE = "parse(date_of_sampling)";
  static final String RULE_NO_RESIDUES = "complete(residues)";
  static final String RULE_BAD_RESIDUES = "parse(residues)";

  /** What {@link ResidueCells#parse} returns, as a Spark struct. */
  static final StructType CELL =
      new StructType()
          .add("kind", DataTypes.StringType, false)
          .add(
              "residues",
              DataTypes.createArrayType(
                  new StructType()
                      .add("analyte", DataTypes.StringType, false)
                      .add("value", DataTypes.DoubleType, false)
                      .add("mrl", DataTypes.DoubleType, true)
                      .add("text", DataTypes.StringType, false),
                  false),
              false)
          .add("unparsed", DataTypes.StringType, true);

  /** A residue cell parsed, as {@link #CELL}. */
  static Column residueCell(Column cell) {
    UDF1<String, Row> f =
        s -> {
          ResidueCells.Cell c = ResidueCells.parse(s);
          List<Row> residues = new ArrayList<>();
          for (ResidueCells.Residue r : c.residues()) {
            residues.add(
                RowFactory.create(
                    r.analyte(),
                    r.valueMgKg(),
                    r.limitMgKg().isPresent() ? r.limitMgKg().getAsDouble() : null,
                    r.text()));
          }
          return RowFactory.create(c.kind().name(), residues, c.unparsed().orElse(null));
        };
    return udf(f, CELL).withName("prif_residue_cell").apply(cell);
  }

  /**
   * The sheet rows as analyte results, in the columns of {@link Inspections} plus rule_id, reason,
   * field and value (set on the rows to quarantine, which keep one row per bronze row).
   */
  static Dataset<Row> results(Dataset<Row> bronze) {
    Map<Field, List<StructField>> byField = new EnumMap<>(Field.class);
    List<Column> otherCells = new ArrayList<>();
    for (StructField f : bronze.schema().fields()) {
      if (f.name().startsWith("_")) {
        continue;
      }
      Optional<Field> field = Field.of(sourceName(f));
      field.ifPresent(x -> byField.computeIfAbsent(x, k -> new ArrayList<>()).add(f));
      if (field.isEmpty() || (field.get() != Field.SAMPLE_ID && field.get() != Field.RESIDUES)) {
        otherCells.add(TraceColumns.text(col(quoted(f.name()))));
      }
    }
    Column filled = lit(0);
    for (Column c : otherCells) {
      filled = filled.plus(when(c.isNotNull(), 1).otherwise(0));
    }
    boolean numbered = java.util.Arrays.asList(bronze.columns()).contains("_record_number");
    Dataset<Row> cells =
        bronze.select(
            regexp_replace(cell(byField, Field.SAMPLE_ID), "\\s+", " ").as("sid"),
            cell(byField, Field.SAMPLED).as("date_raw"),
            cell(byField, Field.DESCRIPTION).as("description"),
            cell(byField, Field.ORIGIN).as("origin"),
            cell(byField, Field.SAMPLING_POINT).as("sampling_point"),
            cell(byField, Field.BRAND).as("brand"),
            cell(byField, Field.RESIDUES).as("residue_cell"),
            header(byField, Field.RESIDUES).as("residue_header"),
            header(byField, Field.SAMPLED).as("date_header"),
            filled.as("filled"),
            col("_source_file").as("source_file"),
            (numbered ? col("_record_number") : lit(null))
                .cast(DataTypes.LongType)
                .as("source_row"));
    Column sid = col("sid");
    Column res = col("residue_cell");
    Column kind =
        when(sid.isNull().and(res.isNull()).and(col("filled").equalTo(0)), lit(BLANK))
            .when(isHeader(sid), lit(HEADER))
            .when(
                sid.isNotNull().and(res.isNull()).and(col("filled").equalTo(0)),
                when(sid.startsWith("*").or(lower(sid).startsWith("note")), lit(NOTE))
                    .otherwise(lit(HEADING)))
            .when(sid.isNotNull(), lit(SAMPLE))
            .when(res.isNotNull(), lit(CONTINUATION))
            .otherwise(lit(STRAY));
    WindowSpec above =
        Window.partitionBy(col("source_file"))
            .orderBy(col("source_row"))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column anchors = col("kind").isin(SAMPLE, HEADING, NOTE, HEADER);
    Column ordered = col("source_row").isNotNull();
    Dataset<Row> placed =
        cells
            .withColumn("kind", kind)
            .withColumn(
                "anchor",
                when(
                    ordered,
                    last(
                            when(
                                anchors,
                                struct(
                                    col("kind"),
                                    col("sid"),
                                    col("date_raw"),
                                    col("description"),
                                    col("origin"),
                                    col("sampling_point"),
                                    col("brand"),
                                    col("date_header"),
                                    col("source_row"))),
                            true)
                        .over(above)))
            .withColumn(
                "category",
                when(
                    ordered,
                    last(when(col("kind").equalTo(HEADING), col("sid")), true).over(above)));
    Column own = col("kind").equalTo(SAMPLE);
    Column inherited =
        col("kind").equalTo(CONTINUATION).and(col("anchor.kind").equalTo(lit(SAMPLE)));
    Dataset<Row> samples =
        placed
            .withColumn("sample_id", when(own, col("sid")).when(inherited, col("anchor.sid")))
            .withColumn(
                "s_date", when(own, col("date_raw")).when(inherited, col("anchor.date_raw")))
            .withColumn(
                "s_date_header",
                when(own, col("date_header")).when(inherited, col("anchor.date_header")))
            .withColumn(
                "commodity",
                when(own, col("description")).when(inherited, col("anchor.description")))
            .withColumn("s_origin", when(own, col("origin")).when(inherited, col("anchor.origin")))
            .withColumn(
                "s_point",
                when(own, col("sampling_point")).when(inherited, col("anchor.sampling_point")))
            .withColumn("s_brand", when(own, col("brand")).when(inherited, col("anchor.brand")))
            .withColumn(
                "sampled_at",
                TraceColumns.startOfDay(col("s_date"), DeliveredTimes.DateStyle.DAY_FIRST))
            .withColumn("cell", residueCell(res));
    Column at =
        concat(
            coalesce(col("source_file"), lit("?")),
            lit(" row "),
            coalesce(col("source_row").cast(DataTypes.StringType), lit("?")));
    Column ofSample =
        concat(
            at,
            lit(" (sample "),
            coalesce(col("sample_id"), lit("?")),
            when(col("kind").equalTo(CONTINUATION), lit(", continued")).otherwise(lit("")),
            lit(")"));
    Column cellKind = col("cell.kind");
    Dataset<Row> judged =
        TraceRules.judge(
            samples,
            List.of(
                new TraceRules.Rule(
                    col("kind").equalTo(BLANK),
                    RULE_BLANK,
                    "row",
                    lit(null),
                    concat(at, lit(" is empty"))),
                new TraceRules.Rule(
                    col("kind").equalTo(HEADER),
                    RULE_HEADER,
                    Field.SAMPLE_ID.usual,
                    sid,
                    concat(at, lit(" repeats the header row"))),
                new TraceRules.Rule(
                    col("kind").equalTo(HEADING),
                    RULE_HEADING,
                    Field.SAMPLE_ID.usual,
                    sid,
                    concat(
                        at,
                        lit(", '"),
                        sid,
                        lit(
                            "', is a section heading, not a sample: it is the category of the"
                                + " samples below it"))),
                new TraceRules.Rule(
                    col("kind").equalTo(NOTE),
                    RULE_NOTE,
                    Field.SAMPLE_ID.usual,
                    sid,
                    concat(at, lit(" is a note of the sheet, not a sample"))),
                new TraceRules.Rule(
                    col("kind").equalTo(STRAY),
                    RULE_STRAY,
                    "row",
                    lit(null),
                    concat(
                        at,
                        lit(
                            " has cells but neither a sample id nor a residue; it belongs to no"
                                + " sample"))),
                new TraceRules.Rule(
                    col("kind").equalTo(CONTINUATION).and(col("source_row").isNull()),
                    RULE_NO_ORDER,
                    Field.RESIDUES.usual,
                    res,
                    concat(
                        at,
                        lit(
                            " continues a sample above it, but its position in the file is"
                                + " unknown: it was landed before bronze numbered the rows of"
                                + " spreadsheet files (_record_number); bronze never lands a"
                                + " file twice, so land the source into a new warehouse to"
                                + " attach these rows"))),
                new TraceRules.Rule(
                    col("kind").equalTo(CONTINUATION).and(not(inherited)),
                    RULE_ORPHAN,
                    Field.RESIDUES.usual,
                    res,
                    concat(
                        at,
                        lit(" holds residue text '"),
                        res,
                        lit("' but no sample row is above it"),
                        when(
                                col("anchor.kind").isNotNull(),
                                concat(
                                    lit(" (the row above is a "),
                                    regexp_replace(col("anchor.kind"), "_", " "),
                                    lit(")")))
                            .otherwise(lit("")))),
                new TraceRules.Rule(
                    col("s_date").isNull(),
                    RULE_NO_DATE,
                    Field.SAMPLED.usual,
                    col("s_date"),
                    concat(ofSample, lit(": the date of sampling is empty"))),
                new TraceRules.Rule(
                    col("sampled_at").isNull(),
                    RULE_BAD_DATE,
                    Field.SAMPLED.usual,
                    col("s_date"),
                    concat(
                        ofSample,
                        lit(": "),
                        coalesce(col("s_date_header"), lit(Field.SAMPLED.usual)),
                        lit(" '"),
                        col("s_date"),
                        lit("' is not a date (day first: 24/01/2022, 24-Jan-2022)"))),
                new TraceRules.Rule(
                    cellKind.equalTo("EMPTY"),
                    RULE_NO_RESIDUES,
                    Field.RESIDUES.usual,
                    res,
                    concat(
                        ofSample,
                        lit(
                            ": the residue cell is empty; a sample needs its result or 'None were"
                                + " detected above the set RL'"))),
                new TraceRules.Rule(
                    cellKind.equalTo("UNPARSED"),
                    RULE_BAD_RESIDUES,
                    coalesce(col("residue_header"), lit(Field.RESIDUES.usual)),
                    res,
                    concat(
                        ofSample,
                        lit(": "),
                        coalesce(col("residue_header"), lit(Field.RESIDUES.usual)),
                        lit(" '"),
                        res,
                        lit("' cannot be read at '"),
                        coalesce(col("cell.unparsed"), lit("")),
                        lit(
                            "'; expected '<pesticide> <mg/kg> (MRL = <mg/kg>)', several"
                                + " separated by line breaks or ';', or 'None were detected above"
                                + " the set RL'")))));
    Dataset<Row> exploded =
        judged.select(
            col("*"),
            posexplode_outer(
                    when(
                        col(TraceRules.RULE_ID).isNull().and(cellKind.equalTo("RESIDUES")),
                        col("cell.residues")))
                .as(new String[] {"residue_index", "residue"}));
    Column detected = col("residue").isNotNull();
    Column value = col("residue.value");
    Column mrl = col("residue.mrl");
    Column analyte = when(detected, col("residue.analyte"));
    return exploded.select(
        when(
                col(TraceRules.RULE_ID).isNull(),
                concat(
                    col("sample_id"),
                    lit("#"),
                    when(detected, lower(regexp_replace(analyte, "\\s+", " ")))
                        .otherwise(lit("none"))))
            .as("inspection_id"),
        lit(SOURCE).as("source"),
        lit(null).cast(DataTypes.StringType).as("lot_id"),
        coalesce(col("sample_id"), col("sid")).as("sample_id"),
        col("commodity"),
        col("category"),
        col("s_origin").as("origin"),
        col("s_point").as("sampling_point"),
        col("s_brand").as("brand"),
        col("sampled_at"),
        lit(null).cast(DataTypes.StringType).as("lab"),
        analyte.as("analyte"),
        when(detected, value).as("value_mg_kg"),
        when(detected, mrl).as("limit_mg_kg"),
        when(col(TraceRules.RULE_ID).isNotNull(), lit(null).cast(DataTypes.StringType))
            .when(not(detected), lit(Inspections.NOT_DETECTED))
            .when(mrl.isNull(), lit(Inspections.NO_LIMIT))
            .when(value.gt(mrl), lit(Inspections.FAIL))
            .otherwise(lit(Inspections.PASS))
            .as("result"),
        coalesce(col("residue.text"), res).as("residue_text"),
        lit(null).cast(DataTypes.StringType).as("inspector"),
        col("source_file"),
        col("source_row"),
        coalesce(col("residue_index"), lit(0)).as("result_index"),
        lit(null).cast(DataTypes.StringType).as("row_hash"),
        col(TraceRules.RULE_ID),
        col(TraceRules.REASON),
        col(TraceRules.FIELD),
        col(TraceRules.VALUE));
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(coalesce(c, lit(false)));
  }

  /** A row whose sample-id cell repeats a sample-id header. */
  private static Column isHeader(Column sid) {
    Column n = lower(regexp_replace(sid, "[^\\p{L}\\p{N}]", ""));
    return coalesce(n.rlike("^" + Field.SAMPLE_ID.normalized.pattern() + "$"), lit(false));
  }

  /** The cell of a field: the text of whichever of its columns the row's file has. */
  private static Column cell(Map<Field, List<StructField>> byField, Field field) {
    List<StructField> columns = byField.getOrDefault(field, List.of());
    if (columns.isEmpty()) {
      return lit(null).cast(DataTypes.StringType);
    }
    Column[] texts =
        columns.stream().map(f -> TraceColumns.text(col(quoted(f.name())))).toArray(Column[]::new);
    return texts.length == 1 ? texts[0] : coalesce(texts);
  }

  /** The header (as the source wrote it) of the column a row's field came from. */
  private static Column header(Map<Field, List<StructField>> byField, Field field) {
    List<StructField> columns = byField.getOrDefault(field, List.of());
    Column h = lit(null).cast(DataTypes.StringType);
    for (int i = columns.size() - 1; i >= 0; i--) {
      StructField f = columns.get(i);
      h =
          when(TraceColumns.text(col(quoted(f.name()))).isNotNull(), lit(sourceName(f)))
              .otherwise(h);
    }
    return h;
  }

  /** The header as the source wrote it (bronze keeps it in the column's comment). */
  static String sourceName(StructField f) {
    if (f.metadata().contains("comment")) {
      String c = f.metadata().getString("comment");
      if (c.startsWith("source column: ")) {
        return c.substring("source column: ".length());
      }
    }
    return f.name().replace('_', ' ').strip();
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}

package org.dataelements.factory.curation.corpus;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sort_array;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dataelements.factory.core.ColumnRef;
import org.dataelements.factory.core.Step;
import org.dataelements.factory.core.StepInputs;
import org.dataelements.factory.core.StepOutput;
import org.dataelements.factory.core.StepSpec;
import org.dataelements.factory.core.TableId;
import org.dataelements.factory.curation.FileVersions;

/**
 * The training corpus's silver build: {@code silver.corpus__documents} (one row per kept document)
 * and {@code silver.corpus__exclusions} (one row per landed document that is not kept, with the
 * rule, its parameters and the measured value), from the latest version of every file of every
 * {@code format: document} source object and of the arXiv metadata (abstracts). Every landed
 * document is in exactly one of the two; documents the landing quarantined (a file with no text)
 * are in the ledger too, with the landing's reason (rule {@code bronze_quarantine}).
 *
 * <p>Per document ({@link DocumentAnalysis}): normalization, quality signals and filter rules,
 * language, script, simplified copy, tokens, PII redaction and the domain label (lexicon {@code
 * conf/reference/corpus_domains.csv}). Across documents: exact duplicates (same normalized text,
 * hence same {@code doc_id}) and near duplicates ({@link NearDuplicates}: MinHash LSH on the
 * simplified text, verified by exact Jaccard). The kept representative of a group is the document
 * with the most characters, then the smallest source file and document id; every member's {@code
 * cluster_id} is the representative's {@code doc_id}.
 */
public final class CorpusDocuments implements Step {
  public static final TableId DOCUMENTS = TableId.silver("corpus", "documents");
  public static final TableId EXCLUSIONS = TableId.silver("corpus", "exclusions");

  /** The arXiv metadata snapshot: one paper per record, its abstract is the document. */
  public static final TableId ARXIV = TableId.bronze("arxiv", "metadata");

  /** The domain lexicon, {@code conf/reference/corpus_domains.csv}. */
  static final String LEXICON = "corpus_domains";

  /** A document the landing itself quarantined (e.g. a file with no text). */
  public static final String BRONZE_QUARANTINE = "bronze_quarantine";

  public static final String EXACT_DUPLICATE = "exact_duplicate";
  public static final String NEAR_DUPLICATE = "near_duplicate";

  /** A document input: a bronze table of documents and the licence of its source. */
  public record Input(TableId table, String licence) implements java.io.Serializable {}

  private final List<Input> documents;
  private final String arxivLicence;
  private final CorpusParameters p;

  /**
   * @param documents the bronze tables of {@code format: document} objects, with their sources'
   *     licences (a document's own licence field wins)
   * @param arxivLicence the arXiv source's licence, for records without their own
   */
  public CorpusDocuments(List<Input> documents, String arxivLicence, CorpusParameters p) {
    this.documents = List.copyOf(documents);
    this.arxivLicence = arxivLicence;
    this.p = p;
  }

  /**
   * Analysis and dedup run in Java over whole documents ({@code mapPartitions}, MinHash pairs), so
   * Spark's plan sees every column computed from every input column; what each column comes from:
   * the text-derived ones from each collection's text (arXiv: the abstract), the rest from the
   * column they carry.
   */
  @Override
  public Map<TableId, Map<String, List<ColumnRef>>> declaredLineage() {
    List<ColumnRef> text = new ArrayList<>();
    Map<String, List<ColumnRef>> carried = new java.util.LinkedHashMap<>();
    for (Input d : documents) {
      text.add(ColumnRef.of(d.table(), "text"));
      carry(carried, "document_id", d.table(), "document_id");
      carry(carried, "source_file", d.table(), "_source_file");
      carry(carried, "source_checksum", d.table(), "_source_checksum");
      carry(carried, "title", d.table(), "title");
      carry(carried, "author", d.table(), "author");
      carry(carried, "licence", d.table(), "licence");
    }
    text.add(ColumnRef.of(ARXIV, "abstract"));
    carry(carried, "document_id", ARXIV, "id");
    carry(carried, "source_file", ARXIV, "_source_file");
    carry(carried, "source_checksum", ARXIV, "_source_checksum");
    carry(carried, "title", ARXIV, "title");
    carry(carried, "licence", ARXIV, "license");
    // source and collection are the input table's names, not values of a column
    carried.put("source", List.of());
    carried.put("collection", List.of());
    Map<String, List<ColumnRef>> docs = new java.util.LinkedHashMap<>(carried);
    for (String c : DOCUMENT_COLUMNS) {
      // every column a document does not carry through is computed from its text
      docs.putIfAbsent(c, text);
    }
    Map<String, List<ColumnRef>> excluded = new java.util.LinkedHashMap<>(carried);
    for (String c : List.of("doc_id", "measured", "duplicate_of", "raw_chars")) {
      excluded.put(c, text);
    }
    return Map.of(DOCUMENTS, docs, EXCLUSIONS, excluded);
  }

  private static void carry(
      Map<String, List<ColumnRef>> into, String column, TableId table, String from) {
    into.computeIfAbsent(column, k -> new ArrayList<>()).add(ColumnRef.of(table, from));
  }

  @Override
  public StepSpec spec() {
    List<StepSpec.Input> inputs = new ArrayList<>();
    documents.forEach(d -> inputs.add(StepSpec.Input.optional(d.table())));
    inputs.add(StepSpec.Input.optional(ARXIV));
    documents.forEach(d -> inputs.add(StepSpec.Input.optional(d.table().quarantine())));
    return new StepSpec(
        "silver:corpus__documents",
        inputs,
        List.of(LEXICON),
        List.of(DOCUMENTS, EXCLUSIONS),
        StepSpec.WriteMode.REPLACE);
  }

  @Override
  public String parameters() {
    return p.toString();
  }

  /** The landed documents, one row each, in the columns {@link #LANDED} lists. */
  static final StructType LANDED =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("collection", DataTypes.StringType)
          .add("document_id", DataTypes.StringType)
          .add("source_file", DataTypes.StringType)
          .add("source_checksum", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("author", DataTypes.StringType)
          .add("licence", DataTypes.StringType)
          .add("raw", DataTypes.StringType);

  @Override
  public StepOutput transform(StepInputs in) {
    List<Dataset<Row>> parts = new ArrayList<>();
    for (Input d : documents) {
      in.table(d.table()).ifPresent(b -> parts.add(documentRows(FileVersions.latest(b), d)));
    }
    in.table(ARXIV).ifPresent(b -> parts.add(arxivRows(FileVersions.latest(b))));
    if (parts.isEmpty()) {
      throw new IllegalStateException(
          "no corpus input: none of "
              + documents.stream().map(d -> d.table().sqlName()).toList()
              + " or "
              + ARXIV.sqlName()
              + " exists; ingest the document sources first (factory ingest)");
    }
    Dataset<Row> landed = parts.get(0);
    for (Dataset<Row> more : parts.subList(1, parts.size())) {
      landed = landed.unionByName(more);
    }
    Dataset<Row> lexicon =
        in.reference(LEXICON)
            .select(concat_ws("\t", col("domain"), col("term"), col("weight")).as("_line"))
            .agg(concat_ws("\n", sort_array(collect_list(col("_line")))).as("_lexicon"));
    Dataset<Row> analyzed =
        landed
            .crossJoin(broadcast(lexicon))
            .mapPartitions(new Analyzer(p), Encoders.row(Analyzer.ANALYZED));
    List<Dataset<Row>> quarantined = new ArrayList<>();
    for (Input d : documents) {
      in.table(d.table().quarantine())
          .ifPresent(q -> quarantined.add(quarantineRows(FileVersions.latest(q), d, in.runId())));
    }
    return split(analyzed, quarantined, in.runId());
  }

  /**
   * Documents the landing quarantined (no text, an unreadable element): in the ledger with the
   * landing's reason, so that the ledger accounts for the bronze table and its quarantine.
   */
  private static Dataset<Row> quarantineRows(Dataset<Row> q, Input d, String runId) {
    return q.select(
        sha2(coalesce(col("raw_record"), lit("")), 256).as("doc_id"),
        col("_source_file").as("source_file"),
        lit(BRONZE_QUARANTINE).as("rule"),
        lit("document landing").as("parameters"),
        col("reason").as("measured"),
        lit(runId).as("run_id"),
        lit(d.table().namespace()).as("source"),
        lit(collection(d.table())).as("collection"),
        concat(lit("record:"), col("record_number").cast(DataTypes.StringType)).as("document_id"),
        lit(null).cast(DataTypes.StringType).as("duplicate_of"),
        length(coalesce(col("raw_record"), lit(""))).cast(DataTypes.LongType).as("raw_chars"));
  }

  private static Dataset<Row> documentRows(Dataset<Row> bronze, Input d) {
    return bronze.select(
        lit(d.table().namespace()).as("source"),
        lit(collection(d.table())).as("collection"),
        col("document_id"),
        col("_source_file").as("source_file"),
        col("_source_checksum").as("source_checksum"),
        col("title"),
        col("author"),
        coalesce(col("licence"), lit(d.licence())).as("licence"),
        col("text").as("raw"));
  }

  private Dataset<Row> arxivRows(Dataset<Row> bronze) {
    return bronze.select(
        lit("arxiv").as("source"),
        lit(collection(ARXIV)).as("collection"),
        col("id").as("document_id"),
        col("_source_file").as("source_file"),
        col("_source_checksum").as("source_checksum"),
        col("title"),
        lit(null).cast(DataTypes.StringType).as("author"),
        coalesce(col("license"), lit(arxivLicence)).as("licence"),
        col("abstract").as("raw"));
  }

  /**
   * The text a document without a title field is analysed on: without a leading {@code 《title》}
   * line and {@code 作者：author} line (a fortune's), which become its title and author.
   */
  public static String body(String raw) {
    Matcher m = Analyzer.titleLines(raw);
    return m.lookingAt() ? raw.substring(m.end()) : raw;
  }

  /** {@code source.object}, e.g. {@code laws.texts}. */
  static String collection(TableId bronze) {
    return bronze.namespace() + "." + bronze.entity();
  }

  /** Exact and near duplicates among the documents that passed the filters; both tables. */
  private StepOutput split(Dataset<Row> analyzed, List<Dataset<Row>> quarantined, String runId) {
    Column passed = col("rule").isNull();
    WindowSpec sameText =
        Window.partitionBy(col("doc_id")).orderBy(col("source_file"), col("document_id"));
    Dataset<Row> exact =
        analyzed
            .filter(passed)
            .withColumn("_rank", row_number().over(sameText))
            .withColumn(
                "_kept",
                first(concat_ws("#", col("source_file"), col("document_id"))).over(sameText));
    Dataset<Row> unique = exact.filter(col("_rank").equalTo(1));
    Dataset<Row> clusters = NearDuplicates.clusters(unique, p);
    Dataset<Row> clustered =
        unique
            .join(clusters, unique.col("doc_id").equalTo(clusters.col("_member")), "left")
            .withColumn("cluster_id", coalesce(col("_root"), col("doc_id")))
            .withColumn(
                "cluster_size",
                count(lit(1))
                    .over(Window.partitionBy(col("cluster_id")))
                    .cast(DataTypes.IntegerType));
    Dataset<Row> kept =
        clustered.filter(col("cluster_id").equalTo(col("doc_id"))).select(documentColumns());
    String dedupParameters =
        "near_duplicate_jaccard="
            + p.nearDuplicateJaccard()
            + ",minhash_ngram="
            + p.minhashNgram()
            + ",minhash_bands="
            + p.minhashBands()
            + ",minhash_rows="
            + p.minhashRows();
    Dataset<Row> near =
        clustered
            .filter(col("cluster_id").notEqual(col("doc_id")))
            .select(
                exclusionColumns(
                    lit(NEAR_DUPLICATE),
                    lit(dedupParameters),
                    concat(lit("jaccard="), col("_similarity").cast(DataTypes.StringType)),
                    col("cluster_id"),
                    runId));
    Dataset<Row> exactDuplicates =
        exact
            .filter(col("_rank").gt(1))
            .select(
                exclusionColumns(
                    lit(EXACT_DUPLICATE),
                    lit("doc_id=sha256(normalized text)"),
                    concat(lit("same normalized text as "), col("_kept")),
                    col("doc_id"),
                    runId));
    Dataset<Row> filtered =
        analyzed
            .filter(passed.unary_$bang())
            .select(
                exclusionColumns(
                    col("rule"),
                    col("parameters"),
                    col("measured"),
                    lit(null).cast(DataTypes.StringType),
                    runId));
    Dataset<Row> exclusions = filtered.unionByName(exactDuplicates).unionByName(near);
    for (Dataset<Row> q : quarantined) {
      exclusions = exclusions.unionByName(q);
    }
    return StepOutput.of(DOCUMENTS, kept).with(EXCLUSIONS, exclusions).withShared(analyzed);
  }

  /** The columns of {@code silver.corpus__documents}, in order. */
  static final List<String> DOCUMENT_COLUMNS =
      List.of(
          "doc_id",
          "source",
          "collection",
          "document_id",
          "source_file",
          "source_checksum",
          "title",
          "author",
          "licence",
          "text",
          "text_simplified",
          "language",
          "language_confidence",
          "script",
          "chars",
          "tokens",
          "lines",
          "mean_line_length",
          "text_ratio",
          "digit_ratio",
          "symbol_ratio",
          "dup_line_fraction",
          "dup_ngram_fraction",
          "punct_line_end_ratio",
          "noise_ratio",
          "pii",
          "domain",
          "domain_confidence",
          "cluster_id",
          "cluster_size");

  private static Column[] documentColumns() {
    return DOCUMENT_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new);
  }

  private static Column[] exclusionColumns(
      Column rule, Column parameters, Column measured, Column duplicateOf, String runId) {
    return new Column[] {
      col("doc_id"),
      col("source_file"),
      rule.as("rule"),
      parameters.as("parameters"),
      measured.as("measured"),
      lit(runId).as("run_id"),
      col("source"),
      col("collection"),
      col("document_id"),
      duplicateOf.as("duplicate_of"),
      col("raw_chars")
    };
  }

  /** Analyses the documents of a partition (the lexicon rides along on every row). */
  static final class Analyzer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    static final StructType ANALYZED =
        new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("source", DataTypes.StringType)
            .add("collection", DataTypes.StringType)
            .add("document_id", DataTypes.StringType)
            .add("source_file", DataTypes.StringType)
            .add("source_checksum", DataTypes.StringType)
            .add("title", DataTypes.StringType)
            .add("author", DataTypes.StringType)
            .add("licence", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("text_simplified", DataTypes.StringType)
            .add("language", DataTypes.StringType)
            .add("language_confidence", DataTypes.DoubleType)
            .add("script", DataTypes.StringType)
            .add("chars", DataTypes.LongType)
            .add("raw_chars", DataTypes.LongType)
            .add("tokens", DataTypes.LongType)
            .add("lines", DataTypes.IntegerType)
            .add("mean_line_length", DataTypes.DoubleType)
            .add("text_ratio", DataTypes.DoubleType)
            .add("digit_ratio", DataTypes.DoubleType)
            .add("symbol_ratio", DataTypes.DoubleType)
            .add("dup_line_fraction", DataTypes.DoubleType)
            .add("dup_ngram_fraction", DataTypes.DoubleType)
            .add("punct_line_end_ratio", DataTypes.DoubleType)
            .add("noise_ratio", DataTypes.DoubleType)
            .add("pii", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false))
            .add("domain", DataTypes.StringType)
            .add("domain_confidence", DataTypes.DoubleType)
            .add("rule", DataTypes.StringType)
            .add("parameters", DataTypes.StringType)
            .add("measured", DataTypes.StringType);

    /** One labeller per lexicon per executor JVM. */
    private static final Map<String, DomainLabeler> LABELLERS = new ConcurrentHashMap<>();

    /** A fortune's first two lines: 《title》 and 作者：author. */
    private static final Pattern TITLE_AUTHOR =
        Pattern.compile(
            "^\\s*《([^》\\n]{1,80})》[ \\t\\u3000]*\\n\\s*作者[:：]\\s*([^\\n]{1,40}?)\\s*\\n");

    private final CorpusParameters p;

    Analyzer(CorpusParameters p) {
      this.p = p;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          return analyze(rows.next());
        }
      };
    }

    private Row analyze(Row r) {
      DomainLabeler labeler =
          LABELLERS.computeIfAbsent(r.getAs("_lexicon"), Analyzer::parseLexicon);
      String raw = r.getAs("raw");
      String title = r.getAs("title");
      String author = r.getAs("author");
      if (raw != null && title == null) {
        Matcher m = titleLines(raw);
        if (m.lookingAt()) {
          title = m.group(1).strip();
          author = author == null ? m.group(2).strip() : author;
          raw = raw.substring(m.end());
        }
      }
      long rawChars = raw == null ? 0 : raw.codePointCount(0, raw.length());
      DocumentAnalysis.Result a = DocumentAnalysis.analyze(raw, title, p, labeler);
      QualitySignals s = a.signals();
      Map<String, Integer> pii = new TreeMap<>(a.pii());
      return RowFactory.create(
          a.docId(),
          r.getAs("source"),
          r.getAs("collection"),
          r.getAs("document_id"),
          r.getAs("source_file"),
          r.getAs("source_checksum"),
          title,
          author,
          r.getAs("licence"),
          a.text(),
          a.textSimplified(),
          a.language(),
          a.languageConfidence(),
          a.script(),
          s.chars(),
          rawChars,
          a.tokens(),
          s.lines(),
          s.meanLineLength(),
          s.textRatio(),
          s.digitRatio(),
          s.symbolRatio(),
          s.dupLineFraction(),
          s.dupNgramFraction(),
          s.punctLineEndRatio(),
          s.noiseRatio(),
          scala.collection.JavaConverters.mapAsScalaMap(pii),
          a.domain(),
          a.domainConfidence(),
          a.exclusion().map(DocumentAnalysis.Exclusion::rule).orElse(null),
          a.exclusion().map(DocumentAnalysis.Exclusion::parameters).orElse(null),
          a.exclusion().map(DocumentAnalysis.Exclusion::measured).orElse(null));
    }

    static Matcher titleLines(String raw) {
      return TITLE_AUTHOR.matcher(raw);
    }

    private static DomainLabeler parseLexicon(String lexicon) {
      List<DomainLabeler.Term> terms = new ArrayList<>();
      for (String line : lexicon.split("\n")) {
        String[] f = line.split("\t", -1);
        if (f.length == 3 && !f[1].isEmpty()) {
          terms.add(new DomainLabeler.Term(f[0], f[1], Double.parseDouble(f[2])));
        }
      }
      return DomainLabeler.of(terms);
    }
  }
}

package org.dataelements.factory.products.traceability;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.array_union;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transitive closure of lot genealogy: every pair of lots connected through genealogy edges,
 * once at its shortest depth, with the edge types and event times of one chosen shortest path — the
 * rows of {@code lake.traceability.lot_lineage} — and the edges that lie on a cycle.
 *
 * <p><b>Input.</b> Edges with at least {@code from_id} STRING (upstream lot), {@code to_id} STRING
 * (downstream lot), {@code edge_type} STRING and {@code event_time} TIMESTAMP, in the direction
 * goods flow (as {@code silver.trace__edges}). Edges with a null end are ignored. An edge from a
 * lot to itself (a shipment between parties) adds no pair.
 *
 * <p><b>Which path a pair reports.</b> Among the shortest paths from the upstream lot to the
 * downstream one, the path whose edge types, read hop by hop from the upstream end, are the
 * smallest sequence (each type compared by its bytes; for the lower-case types of CONTRACT.md this
 * is the smallest {@code via} string); among those, the path whose event times, read hop by hop
 * from the upstream end, are the earliest sequence. Of several edges between the same two lots, the
 * one with the smallest type, then the earliest time, is used. Paths that tie on both give
 * identical rows, so the result does not depend on input order or partitioning. The rule is
 * lexicographic from the upstream end so that it can be decided round by round: the best path to a
 * lot at depth k+1 always extends the best path at depth k to its predecessor, so each round keeps
 * a single path per pair and still finds the global best.
 *
 * <p><b>Cycles</b> (bad data: a lot made, directly or not, from itself) terminate: a pair is added
 * only when it is new, and a lot is never paired with itself. The closure still holds the pairs a
 * cycle connects; {@link Result#cycleEdges()} names the edges that lie on one (an edge u→v with v
 * reaching u, and every self edge other than a {@code shipment}), each with the lots of its cycle,
 * so the caller can quarantine them (and compute the closure again without them if it wants a
 * cycle-free lineage).
 *
 * <p><b>Spark actions.</b> Unlike a step's pure transform, {@link #compute} runs Spark jobs: the
 * fixed point needs a count per round, and each round's result is checkpointed (local checkpoint by
 * default) so that the plan does not grow with the depth. The returned datasets are backed by those
 * checkpoints: reading them again does not recompute the closure.
 */
public final class LineageClosure {
  private static final Logger LOG = LoggerFactory.getLogger(LineageClosure.class);

  /** Input: the upstream lot of an edge. */
  public static final String FROM_ID = "from_id";

  /** Input: the downstream lot of an edge. */
  public static final String TO_ID = "to_id";

  /** Input: aggregation, transformation, shipment or association. */
  public static final String EDGE_TYPE = "edge_type";

  /** Input: the time of the edge's event. */
  public static final String EVENT_TIME = "event_time";

  /** Pairs: the upstream lot of a pair. */
  public static final String UPSTREAM_ID = "upstream_id";

  /** Pairs: the downstream lot of a pair. */
  public static final String DOWNSTREAM_ID = "downstream_id";

  /** Pairs and lineage: edges on the chosen path (1 = a direct edge). */
  public static final String DEPTH = "depth";

  /** Pairs and lineage: the edge types of the chosen path, upstream first, joined with '>'. */
  public static final String VIA = "via";

  /** Pairs and lineage: the earliest event time on the chosen path. */
  public static final String FIRST_EVENT_TIME = "first_event_time";

  /** Pairs and lineage: the latest event time on the chosen path. */
  public static final String LAST_EVENT_TIME = "last_event_time";

  /** Lineage: the lot a row is about. */
  public static final String LOT_ID = "lot_id";

  /** Lineage: the lot related to {@link #LOT_ID}. */
  public static final String RELATED_LOT_ID = "related_lot_id";

  /** Lineage: {@link #UPSTREAM} or {@link #DOWNSTREAM}, the side {@link #RELATED_LOT_ID} is on. */
  public static final String DIRECTION = "direction";

  public static final String UPSTREAM = "upstream";
  public static final String DOWNSTREAM = "downstream";

  /** Cycle edges: the lots of the edge's cycle (its strongly connected component), sorted. */
  public static final String CYCLE_LOT_IDS = "cycle_lot_ids";

  /** The edge type of a lot moving between parties: a self edge that is no cycle. */
  public static final String SHIPMENT = "shipment";

  /** The separator of edge types in {@link #VIA}. */
  public static final String VIA_SEPARATOR = ">";

  /** The columns of {@code lot_lineage}, in CONTRACT.md's order. */
  public static final List<String> LINEAGE_COLUMNS =
      List.of(LOT_ID, RELATED_LOT_ID, DIRECTION, DEPTH, VIA, FIRST_EVENT_TIME, LAST_EVENT_TIME);

  // Working columns: the chosen path's edge types and event times, upstream first.
  private static final String TYPES = "_types";
  private static final String TIMES = "_times";
  private static final String BEST = "_best";
  private static final String E_FROM = "_e_from";
  private static final String E_TO = "_e_to";
  private static final String E_TYPE = "_e_type";
  private static final String E_TIME = "_e_time";
  private static final String K_UP = "_k_up";
  private static final String K_DOWN = "_k_down";
  // The rounds work on numbers: a lot's key in the dictionary of lots (LOT → KEY).
  private static final String UP = "_up";
  private static final String DOWN = "_down";
  private static final String LOT = "_lot_id";
  private static final String KEY = "_key";

  /**
   * Known pairs are kept as one checkpointed piece per round, each hash-partitioned and sorted by
   * the pair, so that the anti-join of a round's candidates with them shuffles neither side; past
   * this many pieces they are merged into one (one shuffle of the known pairs). Each piece adds a
   * sort-merge join to every later round's plan, whose planning and task set-up cost more than a
   * merge on small data: on a chain of 40 lots (39 rounds), 3 took two thirds of the CPU time of 8.
   */
  private static final int MAX_PIECES = 3;

  private static final String ADAPTIVE = "spark.sql.adaptive.enabled";

  private LineageClosure() {}

  /** How the plan is cut after each round. */
  public enum Truncation {
    /**
     * {@code Dataset.localCheckpoint}: blocks on the executors (memory, then disk); fast, but lost
     * with an executor.
     */
    LOCAL_CHECKPOINT,
    /** {@code Dataset.checkpoint}: files under the SparkContext's checkpoint directory. */
    RELIABLE_CHECKPOINT
  }

  /**
   * Options of the closure.
   *
   * @param maxDepth the longest path allowed; a genealogy that is still growing after this many
   *     rounds stops the closure with an error naming a pair of lots (a safety bound against
   *     mislabelled data: real chains are a few dozen edges deep)
   * @param broadcastEdgesBelow the edges (after collapsing duplicates) are broadcast to each
   *     round's join when there are fewer than this many; otherwise they are partitioned by their
   *     upstream lot once and each round's frontier is shuffled to them
   * @param truncation how the plan is cut after each round
   */
  public record Options(int maxDepth, long broadcastEdgesBelow, Truncation truncation) {
    /** Depth 1000, broadcast below a million edges, local checkpoints. */
    public static final Options DEFAULTS =
        new Options(1000, 1_000_000L, Truncation.LOCAL_CHECKPOINT);

    public Options {
      requireNonNull(truncation, "truncation is null");
      if (maxDepth < 1) {
        throw TraceabilityErrors.badClosureOption("maxDepth", maxDepth, "1 or more");
      }
      if (broadcastEdgesBelow < 0) {
        throw TraceabilityErrors.badClosureOption(
            "broadcastEdgesBelow", broadcastEdgesBelow, "0 (never broadcast) or more");
      }
    }

    public Options withMaxDepth(int value) {
      return new Options(value, broadcastEdgesBelow, truncation);
    }

    public Options withBroadcastEdgesBelow(long value) {
      return new Options(maxDepth, value, truncation);
    }

    public Options withTruncation(Truncation value) {
      return new Options(maxDepth, broadcastEdgesBelow, value);
    }
  }

  /**
   * What the closure found.
   *
   * @param pairs one row per connected pair of lots: {@code upstream_id}, {@code downstream_id},
   *     {@code depth} INT, {@code via}, {@code first_event_time}, {@code last_event_time};
   *     checkpointed
   * @param cycleEdges the input edges (all their columns) that lie on a cycle, with {@code
   *     cycle_lot_ids}; checkpointed, empty for a genealogy without cycles
   * @param rounds the rounds of the fixed point: the depth of the deepest pair (the last round
   *     found nothing new); 0 for no edges
   * @param pairCount the rows of {@code pairs}; {@code lot_lineage} has twice as many
   */
  public record Result(Dataset<Row> pairs, Dataset<Row> cycleEdges, int rounds, long pairCount) {
    public Result {
      requireNonNull(pairs, "pairs is null");
      requireNonNull(cycleEdges, "cycleEdges is null");
    }

    /**
     * The rows of {@code lake.traceability.lot_lineage}: each pair twice, once from each end
     * ({@link #LINEAGE_COLUMNS}).
     */
    public Dataset<Row> lineage() {
      Dataset<Row> upstream =
          pairs.select(
              col(DOWNSTREAM_ID).as(LOT_ID),
              col(UPSTREAM_ID).as(RELATED_LOT_ID),
              lit(UPSTREAM).as(DIRECTION),
              col(DEPTH),
              col(VIA),
              col(FIRST_EVENT_TIME),
              col(LAST_EVENT_TIME));
      Dataset<Row> downstream =
          pairs.select(
              col(UPSTREAM_ID).as(LOT_ID),
              col(DOWNSTREAM_ID).as(RELATED_LOT_ID),
              lit(DOWNSTREAM).as(DIRECTION),
              col(DEPTH),
              col(VIA),
              col(FIRST_EVENT_TIME),
              col(LAST_EVENT_TIME));
      return upstream.unionByName(downstream);
    }

    /**
     * Frees the checkpoints behind {@link #pairs()} and {@link #cycleEdges()} now, rather than when
     * Spark's cleaner finds them unreachable; neither may be read afterwards.
     */
    public void release() {
      for (Dataset<Row> d : List.of(pairs, cycleEdges)) {
        for (LogicalPlan leaf :
            scala.collection.JavaConverters.seqAsJavaList(
                d.queryExecution().analyzed().collectLeaves())) {
          if (leaf instanceof LogicalRDD rdd) {
            rdd.rdd().unpersist(false);
          }
        }
      }
    }
  }

  /** The closure with {@link Options#DEFAULTS}. */
  public static Result compute(Dataset<Row> edges) {
    return compute(edges, Options.DEFAULTS);
  }

  /**
   * The closure of {@code edges}, iterated to a fixed point (semi-naive: each round extends only
   * the pairs the previous round found by one edge, and keeps the candidates no earlier round
   * knew).
   *
   * @throws org.dataelements.factory.core.DataInputException when the edges lack a column or have
   *     it with another type, or when the genealogy is deeper than {@code options.maxDepth()}
   * @throws org.dataelements.factory.core.InvalidSpecException when a reliable checkpoint is asked
   *     for and the SparkContext has no checkpoint directory
   */
  public static Result compute(Dataset<Row> edges, Options options) {
    requireNonNull(edges, "edges is null");
    requireNonNull(options, "options is null");
    checkColumns(edges.schema());
    SparkSession spark = edges.sparkSession();
    if (options.truncation() == Truncation.RELIABLE_CHECKPOINT
        && spark.sparkContext().getCheckpointDir().isEmpty()) {
      throw TraceabilityErrors.noCheckpointDir();
    }
    // Adaptive execution plans a checkpoint's scan with unknown partitioning, so every round would
    // shuffle and sort all known pairs again (and re-plan after each stage): off while the
    // closure runs, the previous setting restored after.
    RuntimeConfig conf = spark.conf();
    Optional<String> adaptive = optional(conf.getOption(ADAPTIVE));
    conf.set(ADAPTIVE, "false");
    try {
      return new Run(spark, options).closure(edges);
    } finally {
      adaptive.ifPresentOrElse(v -> conf.set(ADAPTIVE, v), () -> conf.unset(ADAPTIVE));
    }
  }

  private static Optional<String> optional(scala.Option<String> value) {
    return value.isDefined() ? Optional.of(value.get()) : Optional.empty();
  }

  private static void checkColumns(StructType schema) {
    List<String> problems = new ArrayList<>();
    for (String name : List.of(FROM_ID, TO_ID, EDGE_TYPE, EVENT_TIME)) {
      StructField field =
          Arrays.stream(schema.fields())
              .filter(f -> f.name().equals(name))
              .findFirst()
              .orElse(null);
      if (field == null) {
        problems.add("column " + name + " is missing (columns: " + schema.simpleString() + ")");
        continue;
      }
      DataType type = field.dataType();
      boolean ok =
          name.equals(EVENT_TIME)
              ? type.equals(DataTypes.TimestampType) || type instanceof TimestampNTZType
              : type.equals(DataTypes.StringType);
      if (!ok) {
        problems.add("column " + name + " is " + type.sql());
      }
    }
    if (!problems.isEmpty()) {
      throw TraceabilityErrors.badEdgeColumns(problems);
    }
  }

  /** A checkpointed dataset and its rows. */
  private record Counted(Dataset<Row> data, long rows) {}

  /** One computation: its checkpoints, so that those no longer needed can be released. */
  private static final class Run {
    private final Options options;
    private final int partitions;
    private final Set<Dataset<Row>> checkpoints =
        Collections.newSetFromMap(new IdentityHashMap<>());

    Run(SparkSession spark, Options options) {
      this.options = options;
      this.partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    }

    Result closure(Dataset<Row> edges) {
      long started = System.nanoTime();
      Dataset<Row> valid = edges.where(col(FROM_ID).isNotNull().and(col(TO_ID).isNotNull()));

      // Depth 1: one edge per pair of distinct lots, the smallest (type, time) of its duplicates.
      Counted named =
          counted(
              valid
                  .where(col(FROM_ID).notEqual(col(TO_ID)))
                  .groupBy(col(FROM_ID).as(UPSTREAM_ID), col(TO_ID).as(DOWNSTREAM_ID))
                  .agg(min(struct(col(EDGE_TYPE), col(EVENT_TIME))).as(BEST))
                  .select(
                      col(UPSTREAM_ID),
                      col(DOWNSTREAM_ID),
                      col(BEST + "." + EDGE_TYPE).as(E_TYPE),
                      col(BEST + "." + EVENT_TIME).as(E_TIME)));
      long edgeCount = named.rows();
      boolean small = edgeCount < options.broadcastEdgesBelow();

      // Lots and edge types become numbers for the rounds: canonical ids share long prefixes
      // (urn:epc:class:lgtin:<company>.…), so sorting and shuffling them costs far more than
      // longs. Type codes follow the types' byte order, so arrays of codes compare as the types.
      List<String> typeNames = typeNames(named.data());
      Column types = array(typeNames.stream().map(functions::lit).toArray(Column[]::new));
      Counted lots =
          counted(
              named
                  .data()
                  .select(col(UPSTREAM_ID).as(LOT))
                  .union(named.data().select(col(DOWNSTREAM_ID).as(LOT)))
                  .distinct()
                  .withColumn(KEY, monotonically_increasing_id()));
      Dataset<Row> dictionary = lots.data();
      boolean fewLots = lots.rows() < options.broadcastEdgesBelow();
      Dataset<Row> byId = dictionary.select(col(LOT).as(K_UP), col(KEY).as(UP));
      Dataset<Row> byIdDown = dictionary.select(col(LOT).as(K_DOWN), col(KEY).as(DOWN));
      Dataset<Row> direct =
          checkpoint(
              named
                  .data()
                  .join(fewLots ? broadcast(byId) : byId, col(UPSTREAM_ID).equalTo(col(K_UP)))
                  .join(
                      fewLots ? broadcast(byIdDown) : byIdDown,
                      col(DOWNSTREAM_ID).equalTo(col(K_DOWN)))
                  .select(
                      col(UP),
                      col(DOWN),
                      array(array_position(types, col(E_TYPE)).cast(DataTypes.IntegerType))
                          .as(TYPES),
                      array(col(E_TIME)).as(TIMES))
                  .repartition(partitions, col(UP), col(DOWN))
                  .sortWithinPartitions(UP, DOWN));
      release(named.data());
      LOG.debug(
          "lineage closure: {} edge(s) between {} lot(s) encoded in {} ms",
          edgeCount,
          lots.rows(),
          (System.nanoTime() - started) / 1_000_000);

      Dataset<Row> step =
          direct.select(
              col(UP).as(E_FROM),
              col(DOWN).as(E_TO),
              element_at(col(TYPES), 1).as(E_TYPE),
              element_at(col(TIMES), 1).as(E_TIME));
      Dataset<Row> partitionedStep = null;
      if (small) {
        step = broadcast(step);
      } else {
        partitionedStep =
            checkpoint(step.repartition(partitions, col(E_FROM)).sortWithinPartitions(E_FROM));
        // the checkpoint's size estimate may be small: keep it a sort-merge join as asked
        step = partitionedStep.hint("merge");
      }

      List<Dataset<Row>> pieces = new ArrayList<>(List.of(direct));
      Dataset<Row> frontier = direct;
      long frontierCount = edgeCount;
      long pairCount = edgeCount;
      int depth = 1;
      int rounds = 0;
      while (frontierCount > 0) {
        long roundStarted = System.nanoTime();
        int next = depth + 1;
        Dataset<Row> candidates =
            frontier
                .join(step, frontier.col(DOWN).equalTo(step.col(E_FROM)))
                .where(col(UP).notEqual(col(E_TO)))
                .select(
                    col(UP),
                    col(E_TO).as(DOWN),
                    concat(col(TYPES), array(col(E_TYPE))).as(TYPES),
                    concat(col(TIMES), array(col(E_TIME))).as(TIMES));
        Dataset<Row> found =
            candidates
                .groupBy(UP, DOWN)
                .agg(min(struct(col(TYPES), col(TIMES))).as(BEST))
                .select(
                    col(UP),
                    col(DOWN),
                    col(BEST + "." + TYPES).as(TYPES),
                    col(BEST + "." + TIMES).as(TIMES));
        // One anti-join per piece of known pairs, sort-merge on the pieces' own partitioning and
        // order, so that the known pairs are not shuffled again each round.
        for (Dataset<Row> known : pieces) {
          Dataset<Row> k = known.select(col(UP).as(K_UP), col(DOWN).as(K_DOWN)).hint("merge");
          found =
              found.join(
                  k,
                  found.col(UP).equalTo(k.col(K_UP)).and(found.col(DOWN).equalTo(k.col(K_DOWN))),
                  "left_anti");
        }
        Counted round = counted(found.sortWithinPartitions(UP, DOWN));
        found = round.data();
        long count = round.rows();
        rounds++;
        LOG.debug(
            "lineage closure round {}: {} new pair(s) at depth {} in {} ms",
            rounds,
            count,
            next,
            (System.nanoTime() - roundStarted) / 1_000_000);
        if (count > 0 && next > options.maxDepth()) {
          Row example =
              decode(found.limit(1), dictionary, typeNames, fewLots)
                  .select(UPSTREAM_ID, DOWNSTREAM_ID)
                  .first();
          releaseAll();
          throw TraceabilityErrors.depthExceeded(
              options.maxDepth(), count, example.getString(0), example.getString(1));
        }
        if (frontier != direct && !pieces.contains(frontier)) {
          release(frontier);
        }
        if (count > 0) {
          pieces.add(found);
          pairCount += count;
          if (pieces.size() > MAX_PIECES) {
            pieces = new ArrayList<>(List.of(merge(pieces, Set.of(direct, found))));
          }
        }
        frontier = found;
        frontierCount = count;
        depth = next;
      }
      if (!pieces.contains(frontier) && frontier != direct) {
        release(frontier);
      }
      if (partitionedStep != null) {
        release(partitionedStep);
      }

      long roundsDone = System.nanoTime();
      Dataset<Row> known = union(pieces);
      Dataset<Row> pairs = checkpoint(decode(known, dictionary, typeNames, fewLots));
      long decoded = System.nanoTime();
      Dataset<Row> cycleEdges = cycleEdges(valid, direct, known.select(UP, DOWN), dictionary);
      LOG.debug(
          "lineage closure: pairs decoded in {} ms, cycle edges found in {} ms",
          (decoded - roundsDone) / 1_000_000,
          (System.nanoTime() - decoded) / 1_000_000);
      for (Dataset<Row> piece : pieces) {
        release(piece);
      }
      release(direct);
      release(dictionary);
      LOG.debug(
          "lineage closure: {} edge(s) ({}), {} pair(s) in {} round(s), {} ms",
          edgeCount,
          small ? "broadcast" : "partitioned",
          pairCount,
          rounds,
          (System.nanoTime() - started) / 1_000_000);
      return new Result(pairs, cycleEdges, rounds, pairCount);
    }

    /** The edge types present, in byte order (Spark's string order), nulls left out. */
    private static List<String> typeNames(Dataset<Row> named) {
      List<String> names = new ArrayList<>();
      for (Row r : named.select(E_TYPE).where(col(E_TYPE).isNotNull()).distinct().collectAsList()) {
        names.add(r.getString(0));
      }
      names.sort(
          (a, b) ->
              Arrays.compareUnsigned(
                  a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      return names;
    }

    /** Encoded pairs with their lots' ids, depth, via, first and last event time. */
    private static Dataset<Row> decode(
        Dataset<Row> encoded, Dataset<Row> dictionary, List<String> typeNames, boolean small) {
      Dataset<Row> up = dictionary.select(col(KEY).as(K_UP), col(LOT).as(UPSTREAM_ID));
      Dataset<Row> down = dictionary.select(col(KEY).as(K_DOWN), col(LOT).as(DOWNSTREAM_ID));
      Column names = array(typeNames.stream().map(functions::lit).toArray(Column[]::new));
      return encoded
          .join(small ? broadcast(up) : up, col(UP).equalTo(col(K_UP)))
          .join(small ? broadcast(down) : down, col(DOWN).equalTo(col(K_DOWN)))
          .select(
              col(UPSTREAM_ID),
              col(DOWNSTREAM_ID),
              size(col(TYPES)).as(DEPTH),
              array_join(transform(col(TYPES), c -> element_at(names, c)), VIA_SEPARATOR).as(VIA),
              array_min(col(TIMES)).as(FIRST_EVENT_TIME),
              array_max(col(TIMES)).as(LAST_EVENT_TIME));
    }

    /**
     * Input edges u→v (u ≠ v) whose pair v→u is known, and self edges other than shipments, each
     * with the sorted lots of its strongly connected component.
     */
    private Dataset<Row> cycleEdges(
        Dataset<Row> valid, Dataset<Row> direct, Dataset<Row> keys, Dataset<Row> dictionary) {
      Column noLots = array().cast(DataTypes.createArrayType(DataTypes.StringType));
      // encoded edges u→v that close a cycle: v reaches u
      Counted closing =
          counted(
              direct
                  .select(UP, DOWN)
                  .join(
                      keys.select(col(UP).as(K_UP), col(DOWN).as(K_DOWN)),
                      col(UP).equalTo(col(K_DOWN)).and(col(DOWN).equalTo(col(K_UP))),
                      "left_semi"));
      Dataset<Row> loops =
          valid.where(
              col(FROM_ID)
                  .equalTo(col(TO_ID))
                  .and(coalesce(col(EDGE_TYPE), lit("")).notEqual(lit(SHIPMENT))));
      Dataset<Row> lotIds = dictionary.select(col(KEY).as(K_UP), col(LOT).as(FROM_ID));
      Dataset<Row> closingNamed =
          closing
              .data()
              .join(lotIds, col(UP).equalTo(col(K_UP)))
              .join(
                  dictionary.select(col(KEY).as(K_DOWN), col(LOT).as(TO_ID)),
                  col(DOWN).equalTo(col(K_DOWN)))
              .select(col(FROM_ID).as("_c_from"), col(TO_ID).as("_c_to"));
      Dataset<Row> onCycle =
          valid
              .join(
                  broadcast(closingNamed),
                  col(FROM_ID).equalTo(col("_c_from")).and(col(TO_ID).equalTo(col("_c_to"))),
                  "left_semi")
              .unionByName(loops);
      if (closing.rows() == 0) {
        release(closing.data());
        return checkpoint(loops.withColumn(CYCLE_LOT_IDS, array(col(FROM_ID))));
      }
      // Every lot of a non-trivial component has an edge on the cycle leaving it, so the pairs of
      // the components are those between the cycle edges' upstream lots that hold both ways.
      Dataset<Row> lots = closing.data().select(col(UP).as("_lot")).distinct();
      Dataset<Row> inCycles = keys.join(broadcast(lots), col(UP).equalTo(col("_lot")), "left_semi");
      Dataset<Row> p = inCycles.as("p");
      Dataset<Row> q = inCycles.as("q");
      Dataset<Row> components =
          p.join(
                  q,
                  col("p." + UP)
                      .equalTo(col("q." + DOWN))
                      .and(col("p." + DOWN).equalTo(col("q." + UP))))
              .select(col("p." + UP).as("_lot"), col("p." + DOWN).as("_member"))
              .join(lotIds, col("_lot").equalTo(col(K_UP)))
              .join(
                  dictionary.select(col(KEY).as(K_DOWN), col(LOT).as("_member_id")),
                  col("_member").equalTo(col(K_DOWN)))
              .groupBy(col(FROM_ID).as("_lot_id"))
              .agg(collect_set(col("_member_id")).as("_members"));
      List<Column> out = new ArrayList<>();
      for (String c : valid.columns()) {
        out.add(col(c));
      }
      out.add(
          array_sort(array_union(array(col(FROM_ID)), coalesce(col("_members"), noLots)))
              .as(CYCLE_LOT_IDS));
      Dataset<Row> withLots =
          checkpoint(
              onCycle
                  .join(broadcast(components), col(FROM_ID).equalTo(col("_lot_id")), "left")
                  .select(out.toArray(Column[]::new)));
      release(closing.data());
      return withLots;
    }

    /** The pieces as one, hash-partitioned and sorted by the pair; releases the merged ones. */
    private Dataset<Row> merge(List<Dataset<Row>> pieces, Set<Dataset<Row>> keep) {
      Dataset<Row> merged =
          checkpoint(
              union(pieces)
                  .repartition(partitions, col(UP), col(DOWN))
                  .sortWithinPartitions(UP, DOWN));
      for (Dataset<Row> p : pieces) {
        if (!keep.contains(p)) {
          release(p);
        }
      }
      return merged;
    }

    /**
     * A checkpoint and its row count. A lazy local checkpoint is written by the first job that
     * computes it, so the count does both in one job; a reliable one is written eagerly (a lazy one
     * would compute the rows twice) and then counted.
     */
    private Counted counted(Dataset<Row> d) {
      Dataset<Row> c =
          options.truncation() == Truncation.LOCAL_CHECKPOINT
              ? d.localCheckpoint(false)
              : d.checkpoint(true);
      checkpoints.add(c);
      return new Counted(c, c.count());
    }

    private Dataset<Row> checkpoint(Dataset<Row> d) {
      Dataset<Row> c =
          options.truncation() == Truncation.LOCAL_CHECKPOINT
              ? d.localCheckpoint(true)
              : d.checkpoint(true);
      checkpoints.add(c);
      return c;
    }

    /** Frees a checkpoint's blocks now rather than when the cleaner finds it unreachable. */
    private void release(Dataset<Row> d) {
      if (checkpoints.remove(d)) {
        LogicalPlan plan = d.queryExecution().analyzed();
        if (plan instanceof LogicalRDD rdd) {
          rdd.rdd().unpersist(false);
        }
      }
    }

    private void releaseAll() {
      for (Dataset<Row> d : List.copyOf(checkpoints)) {
        release(d);
      }
    }

    private static Dataset<Row> union(List<Dataset<Row>> pieces) {
      return pieces.stream().reduce(Dataset::unionByName).orElseThrow();
    }
  }
}

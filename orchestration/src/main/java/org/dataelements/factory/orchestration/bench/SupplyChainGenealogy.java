package org.dataelements.factory.orchestration.bench;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A synthetic farm-to-shelf lot genealogy, deterministic for a seed, as the genealogy edges that
 * silver derives from EPCIS events. The unit is a processing run {@code r} (runs are 90 s apart):
 *
 * <ol>
 *   <li>farm lots, each commissioned (ObjectEvent ADD), shipped to the processor and received: 3
 *       events and a {@code shipment} self edge per farm lot;
 *   <li>one TransformationEvent (washing, cutting, slaughter or blending) from 1–4 inputs to 1–3
 *       product lots, one {@code transformation} edge per input × output. Input 0 is the run's own
 *       farm lot; each further input is, with 12 %, a product lot of one of the 200 runs before
 *       (re-processing: this is what makes chains deeper than four), with 20 % the previous run's
 *       first farm lot (a harvest split between runs), else another farm lot of the run's own;
 *   <li>each product lot packed into 2–8 cases: one AggregationEvent per case, an {@code
 *       aggregation} edge lot → case;
 *   <li>the run's cases onto one pallet (SSCC): an AggregationEvent with an edge per case, then
 *       shipping (a {@code shipment} self edge), receiving at the distribution centre, a sensor
 *       reading in transit and unpacking there (AggregationEvent DELETE, no edge): 5 events;
 *   <li>at the distribution centre the cases are re-aggregated onto mixed pallets: case {@code c}
 *       of lot {@code j} goes to the mixed pallet of run {@code r − (j + c) mod 3}, so each mixed
 *       pallet holds cases of three runs (an edge per case); each mixed pallet: its
 *       AggregationEvent, shipping to a store (a self edge), receiving and unpacking there: 4
 *       events;
 *   <li>bad data: one run in 5,000 also records a relabelling TransformationEvent from its first
 *       product lot back to its own farm lot, a 2-cycle that the closure must survive and report.
 * </ol>
 *
 * <p>On average a run stands for about 26 EPCIS events and 39 edges: <b>about 1.5 edges per
 * event</b> (each aggregation of n children gives n edges, each shipping event a self edge;
 * commissioning, receiving, unpacking and sensor events give none), and about 16 lots, so a lot
 * touches about 5 edges. The sample data of {@code factory run} (EpcisSampleGenerator: 5 events per
 * lot, 2 edges) has 0.4 edges per event because it packs lots straight onto pallets with no cases,
 * transformations or re-aggregation.
 */
final class SupplyChainGenealogy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The edge columns the closure reads, as silver.trace__edges has them. */
  static final StructType EDGES =
      new StructType()
          .add("from_id", DataTypes.StringType, false)
          .add("to_id", DataTypes.StringType, false)
          .add("edge_type", DataTypes.StringType, false)
          .add("event_time", DataTypes.TimestampType, false);

  static final String AGGREGATION = "aggregation";
  static final String TRANSFORMATION = "transformation";
  static final String SHIPMENT = "shipment";

  /** 2024-01-01T00:00:00Z, the first run. */
  private static final long START_MILLIS = 1_704_067_200_000L;

  private static final long RUN_MILLIS = 90_000L;
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  /** One run in this many records a relabelling cycle. */
  static final int CYCLE_EVERY = 5_000;

  private final long seed;

  SupplyChainGenealogy(long seed) {
    this.seed = seed;
  }

  /** How many runs the first {@code runs} are, and the events and edges they give. */
  record Size(long runs, long events, long edges) {}

  /** The fewest runs whose events reach {@code events} (at least one run). */
  Size forEvents(long events) {
    long runs = 0;
    long e = 0;
    long edges = 0;
    while (e < events || runs == 0) {
      e += events(runs);
      edges += edgeCount(runs);
      runs++;
    }
    return new Size(runs, e, edges);
  }

  /** The EPCIS events run {@code r} stands for. */
  long events(long r) {
    long farmLots = 0;
    for (Input in : inputs(r)) {
      if (in.ownFarmLot()) {
        farmLots++;
      }
    }
    long cases = 0;
    for (int j = 0; j < outputs(r); j++) {
      cases += cases(r, j);
    }
    return 3 * farmLots + 1 + cases + 5 + 4 + (cyclic(r) ? 1 : 0);
  }

  /** The size of {@link #edges(long)}, without building the rows. */
  long edgeCount(long r) {
    List<Input> inputs = inputs(r);
    long farmLots = inputs.stream().filter(Input::ownFarmLot).count();
    long cases = 0;
    for (int j = 0; j < outputs(r); j++) {
      cases += cases(r, j);
    }
    return farmLots + (long) inputs.size() * outputs(r) + 3 * cases + 2 + (cyclic(r) ? 1 : 0);
  }

  /** Run {@code r}'s edges, as rows of {@link #EDGES}. */
  List<Row> edges(long r) {
    List<Row> out = new ArrayList<>();
    long t0 = START_MILLIS + r * RUN_MILLIS;
    List<Input> inputs = inputs(r);
    int outputs = outputs(r);
    for (Input in : inputs) {
      if (in.ownFarmLot()) {
        out.add(edge(in.id(), in.id(), SHIPMENT, t0 - 6 * HOUR));
      }
    }
    for (int j = 0; j < outputs; j++) {
      for (Input in : inputs) {
        out.add(edge(in.id(), productLot(r, j), TRANSFORMATION, t0));
      }
    }
    String pallet = pallet(r);
    for (int j = 0; j < outputs; j++) {
      for (int c = 0; c < cases(r, j); c++) {
        String item = caseId(r, j, c);
        out.add(edge(productLot(r, j), item, AGGREGATION, t0 + 10 * MINUTE + c * MINUTE));
        out.add(edge(item, pallet, AGGREGATION, t0 + HOUR));
        long mixed = Math.max(0, r - (j + c) % 3);
        out.add(
            edge(
                item,
                mixedPallet(mixed),
                AGGREGATION,
                START_MILLIS + mixed * RUN_MILLIS + 26 * HOUR));
      }
    }
    out.add(edge(pallet, pallet, SHIPMENT, t0 + 2 * HOUR));
    out.add(edge(mixedPallet(r), mixedPallet(r), SHIPMENT, t0 + 28 * HOUR));
    if (cyclic(r)) {
      out.add(edge(productLot(r, 0), farmLot(r, 0), TRANSFORMATION, t0 + 3 * HOUR));
    }
    return out;
  }

  /** The edges of runs {@code [0, runs)}, generated in Spark, {@code partitions} slices. */
  Dataset<Row> edges(SparkSession spark, long runs, int partitions) {
    SupplyChainGenealogy self = this;
    return spark
        .range(0, runs, 1, partitions)
        .flatMap((FlatMapFunction<Long, Row>) r -> self.edges(r).iterator(), Encoders.row(EDGES));
  }

  /** An input of a run's transformation: its id, and whether the run owns it (a new farm lot). */
  record Input(String id, boolean ownFarmLot) {}

  List<Input> inputs(long r) {
    int n = 1 + (int) (mix(r, 1) % 4);
    Set<String> ids = new LinkedHashSet<>();
    List<Input> out = new ArrayList<>();
    out.add(new Input(farmLot(r, 0), true));
    ids.add(farmLot(r, 0));
    for (int i = 1; i < n; i++) {
      double u = unit(r, 10 + i);
      Input in;
      if (r > 0 && u < 0.12) {
        long back = 1 + mix(r, 20 + i) % Math.min(r, 200);
        in = new Input(productLot(r - back, 0), false);
      } else if (r > 0 && u < 0.32) {
        in = new Input(farmLot(r - 1, 0), false);
      } else {
        in = new Input(farmLot(r, i), true);
      }
      if (ids.add(in.id())) {
        out.add(in);
      }
    }
    return out;
  }

  int outputs(long r) {
    return 1 + (int) (mix(r, 2) % 3);
  }

  int cases(long r, int lot) {
    return 2 + (int) (mix(r, 100 + lot) % 7);
  }

  boolean cyclic(long r) {
    return r > 0 && mix(r, 3) % CYCLE_EVERY == 0;
  }

  static String farmLot(long r, int i) {
    return "urn:epc:class:lgtin:6923456.010001.F" + r + "-" + i;
  }

  static String productLot(long r, int j) {
    return "urn:epc:class:lgtin:6923456.020002.P" + r + "-" + j;
  }

  static String caseId(long r, int j, int c) {
    return "urn:epc:id:sgtin:6923456.130002." + (r * 100 + j * 10 + c);
  }

  static String pallet(long r) {
    return String.format(Locale.ROOT, "urn:epc:id:sscc:6923456.%010d", r);
  }

  static String mixedPallet(long r) {
    return String.format(Locale.ROOT, "urn:epc:id:sscc:6923457.%010d", r);
  }

  private static Row edge(String from, String to, String type, long millis) {
    return RowFactory.create(from, to, type, new Timestamp(millis));
  }

  /** A non-negative hash of (seed, run, salt): SplitMix64's finalizer. */
  private long mix(long r, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + r * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) >>> 1;
  }

  private double unit(long r, long salt) {
    return (mix(r, salt) >>> 10) / (double) (1L << 53);
  }
}

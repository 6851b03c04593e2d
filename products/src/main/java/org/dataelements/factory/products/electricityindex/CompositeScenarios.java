package org.dataelements.factory.products.electricityindex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The composite of one region recomputed under every weighting × normalization (OECD/JRC Handbook
 * on Constructing Composite Indicators, 2008, step 7: uncertainty analysis), in plain Java.
 *
 * <p>Normalizations of each component over the composite's months: {@code base_100} (the published
 * component index), {@code z_score} ((x − mean) / standard deviation) and {@code min_max} ((x −
 * min) / (max − min)). Weightings: {@code equal}, {@code entropy} (as the published composite
 * computes it) and {@code pca} (the first principal component of the components' correlation
 * matrix, i.e. of their z-scores: its squared loadings, normalized to sum 1). Each scenario is the
 * weighted arithmetic mean of its normalized components, then re-expressed on the published
 * composite's scale: a linear map that gives it the published composite's mean over the base
 * period's months and its standard deviation over all months. The scenario of the configured
 * weighting with {@code base_100} is the published composite itself, so it always lies in [low,
 * high].
 */
final class CompositeScenarios {
  static final List<String> WEIGHTINGS = List.of("equal", "entropy", "pca");
  static final List<String> NORMALIZATIONS = List.of("base_100", "z_score", "min_max");

  /** Ties of the first two eigenvalues closer than this leave the first component undefined. */
  private static final double TIE = 1e-9;

  private CompositeScenarios() {}

  /**
   * A region's composite months: component indices ({@code values[month][component]}, base period =
   * 100), the published composite per month, and which months form the base period.
   */
  record Input(
      List<String> components,
      double[][] values,
      double[] published,
      boolean[] basePeriod,
      RegionIndex.Weights configured) {}

  /** One month: every scenario's value (on the published scale), their range and median. */
  record Month(
      Map<String, Double> scenarios, double value, double low, double high, double median) {}

  /** Per month the scenarios; per weighting the weights; flags that apply to every month. */
  record Result(List<Month> months, Map<String, double[]> weights, List<String> flags) {}

  /** The name of the scenario the published composite is: the configured weights, base 100. */
  static String published(RegionIndex.Weights configured) {
    return configured.name().toLowerCase(Locale.ROOT) + "/base_100";
  }

  static Result compute(Input in) {
    int n = in.values().length;
    int k = in.components().size();
    Set<String> flags = new LinkedHashSet<>();
    double[][] z = new double[n][k];
    double[][] minMax = new double[n][k];
    for (int j = 0; j < k; j++) {
      double[] x = column(in.values(), j);
      double mean = mean(x, null);
      double sd = sd(x);
      double min = Arrays.stream(x).min().orElse(0);
      double max = Arrays.stream(x).max().orElse(0);
      if (sd <= 0) {
        flags.add("constant_component:" + in.components().get(j));
      }
      for (int t = 0; t < n; t++) {
        z[t][j] = sd > 0 ? (x[t] - mean) / sd : 0;
        minMax[t][j] = max > min ? (x[t] - min) / (max - min) : 0;
      }
    }
    Map<String, double[][]> normalized = new LinkedHashMap<>();
    normalized.put("base_100", in.values());
    normalized.put("z_score", z);
    normalized.put("min_max", minMax);

    Map<String, double[]> weights = new LinkedHashMap<>();
    double[] equal = new double[k];
    Arrays.fill(equal, 1.0 / k);
    weights.put("equal", equal);
    weights.put("entropy", entropyWeights(in.values()));
    double[] pca = pcaWeights(z);
    if (pca == null) {
      flags.add("pca_undefined_equal_weights");
      pca = equal;
    }
    weights.put("pca", pca);

    double targetMean = mean(in.published(), in.basePeriod());
    double targetSd = sd(in.published());
    String published = published(in.configured());
    Map<String, double[]> scenarios = new LinkedHashMap<>();
    for (String w : WEIGHTINGS) {
      for (String norm : NORMALIZATIONS) {
        String name = w + "/" + norm;
        if (name.equals(published)) {
          scenarios.put(name, in.published().clone());
          continue;
        }
        double[] s = new double[n];
        for (int t = 0; t < n; t++) {
          for (int j = 0; j < k; j++) {
            s[t] += weights.get(w)[j] * normalized.get(norm)[t][j];
          }
        }
        double m = mean(s, in.basePeriod());
        double sd = sd(s);
        double scale = sd > 0 ? targetSd / sd : 1;
        if (sd <= 0) {
          flags.add("constant_scenario:" + name);
        }
        for (int t = 0; t < n; t++) {
          s[t] = targetMean + (s[t] - m) * scale;
        }
        scenarios.put(name, s);
      }
    }
    List<Month> months = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      Map<String, Double> at = new LinkedHashMap<>();
      double[] all = new double[scenarios.size()];
      int i = 0;
      for (Map.Entry<String, double[]> e : scenarios.entrySet()) {
        double v = RegionIndex.round(e.getValue()[t], 4);
        at.put(e.getKey(), v);
        all[i++] = v;
      }
      Arrays.sort(all);
      double median =
          all.length % 2 == 1
              ? all[all.length / 2]
              : (all[all.length / 2 - 1] + all[all.length / 2]) / 2;
      months.add(
          new Month(
              at, at.get(published), all[0], all[all.length - 1], RegionIndex.round(median, 4)));
    }
    return new Result(months, weights, List.copyOf(flags));
  }

  /**
   * Entropy weights of the columns of {@code x[month][component]}: each component min–max scaled,
   * its entropy over the months, weight ∝ 1 − entropy (components that vary more weigh more); equal
   * weights when no component varies.
   */
  static double[] entropyWeights(double[][] x) {
    int n = x.length;
    int k = x[0].length;
    double[] w = new double[k];
    Arrays.fill(w, 1.0 / k);
    double[] d = new double[k];
    double dSum = 0;
    for (int j = 0; j < k; j++) {
      double[] c = column(x, j);
      double min = Arrays.stream(c).min().orElse(0);
      double max = Arrays.stream(c).max().orElse(0);
      double[] p = Arrays.stream(c).map(v -> (v - min) / (max - min + 1e-12) + 1e-9).toArray();
      double sum = Arrays.stream(p).sum();
      double e = 0;
      for (double pi : p) {
        e -= pi / sum * Math.log(pi / sum);
      }
      e /= Math.log(n);
      d[j] = 1 - e;
      dSum += d[j];
    }
    if (dSum <= 0) {
      return w;
    }
    for (int j = 0; j < k; j++) {
      w[j] = d[j] / dSum;
    }
    return w;
  }

  /**
   * PCA weights from z-scores {@code z[month][component]}: the squared loadings of the first
   * principal component of their correlation matrix, which sum to 1; null when the first two
   * eigenvalues tie (the first component is then not unique) or nothing varies.
   */
  static double[] pcaWeights(double[][] z) {
    int n = z.length;
    int k = z[0].length;
    double[][] r = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += z[t][a] * z[t][b];
        }
        r[a][b] = s / n;
      }
    }
    double[][] v = new double[k][k];
    double[] lambda = jacobi(r, v);
    int first = 0;
    for (int j = 1; j < k; j++) {
      if (lambda[j] > lambda[first]) {
        first = j;
      }
    }
    for (int j = 0; j < k; j++) {
      if (j != first && lambda[first] - lambda[j] < TIE) {
        return null;
      }
    }
    if (lambda[first] <= TIE) {
      return null;
    }
    double[] w = new double[k];
    double sum = 0;
    for (int j = 0; j < k; j++) {
      w[j] = v[j][first] * v[j][first];
      sum += w[j];
    }
    for (int j = 0; j < k; j++) {
      w[j] /= sum;
    }
    return w;
  }

  /**
   * Eigenvalues of the symmetric matrix {@code a} (overwritten) by cyclic Jacobi rotations; the
   * eigenvectors go into the columns of {@code v}. Enough for the handful of components a composite
   * has.
   */
  private static double[] jacobi(double[][] a, double[][] v) {
    int k = a.length;
    for (int i = 0; i < k; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < k; p++) {
        for (int q = p + 1; q < k; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off < 1e-22) {
        break;
      }
      for (int p = 0; p < k; p++) {
        for (int q = p + 1; q < k; q++) {
          if (Math.abs(a[p][q]) < 1e-300) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int i = 0; i < k; i++) {
            double aip = a[i][p];
            double aiq = a[i][q];
            a[i][p] = c * aip - s * aiq;
            a[i][q] = s * aip + c * aiq;
          }
          for (int i = 0; i < k; i++) {
            double api = a[p][i];
            double aqi = a[q][i];
            a[p][i] = c * api - s * aqi;
            a[q][i] = s * api + c * aqi;
          }
          for (int i = 0; i < k; i++) {
            double vip = v[i][p];
            double viq = v[i][q];
            v[i][p] = c * vip - s * viq;
            v[i][q] = s * vip + c * viq;
          }
        }
      }
    }
    double[] lambda = new double[k];
    for (int i = 0; i < k; i++) {
      lambda[i] = a[i][i];
    }
    return lambda;
  }

  private static double[] column(double[][] x, int j) {
    double[] c = new double[x.length];
    for (int t = 0; t < x.length; t++) {
      c[t] = x[t][j];
    }
    return c;
  }

  /** The mean of the selected entries (all when none is selected or the selection is null). */
  private static double mean(double[] x, boolean[] selected) {
    double s = 0;
    int n = 0;
    for (int t = 0; t < x.length; t++) {
      if (selected == null || selected[t]) {
        s += x[t];
        n++;
      }
    }
    return n == 0 ? mean(x, null) : s / n;
  }

  /** Population standard deviation. */
  private static double sd(double[] x) {
    double m = mean(x, null);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / x.length);
  }
}

package org.dataelements.factory.products.electricityindex;

/**
 * Ordinary least squares for the small regressions of gold (tens to hundreds of observations, a
 * handful of regressors): normal equations solved by Gauss–Jordan elimination with partial
 * pivoting, with R² and t statistics.
 */
final class LeastSquares {
  /** Coefficients, their t statistics and R². */
  record Fit(double[] coefficients, double[] t, double rSquared) {}

  private LeastSquares() {}

  /** The fit of y on the columns of x, or null when x'x is singular (or nearly so). */
  static Fit fit(double[][] x, double[] y) {
    int n = y.length;
    int k = x[0].length;
    if (n <= k) {
      return null;
    }
    double[][] a = new double[k][2 * k + 1];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          a[r][c] += x[i][r] * x[i][c];
        }
        a[r][2 * k] += x[i][r] * y[i];
      }
    }
    double scale = 0;
    for (int r = 0; r < k; r++) {
      a[r][k + r] = 1;
      scale = Math.max(scale, Math.abs(a[r][r]));
    }
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot][col]) < 1e-10 * Math.max(scale, 1e-300)) {
        return null;
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      double d = a[col][col];
      for (int c = 0; c <= 2 * k; c++) {
        a[col][c] /= d;
      }
      for (int r = 0; r < k; r++) {
        if (r != col && a[r][col] != 0) {
          double f = a[r][col];
          for (int c = 0; c <= 2 * k; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] beta = new double[k];
    for (int r = 0; r < k; r++) {
      beta[r] = a[r][2 * k];
    }
    double mean = 0;
    for (double v : y) {
      mean += v / n;
    }
    double ssr = 0;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      double fitted = 0;
      for (int c = 0; c < k; c++) {
        fitted += x[i][c] * beta[c];
      }
      ssr += (y[i] - fitted) * (y[i] - fitted);
      sst += (y[i] - mean) * (y[i] - mean);
    }
    double sigma2 = ssr / (n - k);
    double[] t = new double[k];
    for (int r = 0; r < k; r++) {
      double se = Math.sqrt(sigma2 * a[r][k + r]);
      t[r] = se > 0 ? beta[r] / se : Double.NaN;
    }
    return new Fit(beta, t, sst > 0 ? 1 - ssr / sst : Double.NaN);
  }
}

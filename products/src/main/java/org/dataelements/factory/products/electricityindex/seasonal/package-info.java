/**
 * Seasonal adjustment of the electricity index's monthly series with JDemetra+ 3 (X-13ARIMA-SEATS
 * or TRAMO-SEATS) and a Chinese New Year moving-holiday regressor. Pure Java, no Spark: {@link
 * org.dataelements.factory.products.electricityindex.seasonal.SeasonalAdjuster} adjusts one series
 * and returns a {@link org.dataelements.factory.products.electricityindex.seasonal.SeasonalResult}.
 */
package org.dataelements.factory.products.electricityindex.seasonal;

/**
 * Weather domain of silver: temperatures from the weather sources (UCI five cities, AEMO's
 * Melbourne series, NOAA Seattle via vega) turned into heating and cooling degree days per station
 * and month, with stations mapped to regions through conf/reference/weather_stations.csv.
 */
package org.dataelements.factory.curation.weather;

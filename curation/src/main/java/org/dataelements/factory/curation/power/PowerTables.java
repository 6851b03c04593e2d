package org.dataelements.factory.curation.power;

import org.dataelements.factory.core.TableId;

/** The tables of the power domain, as read and written by its steps. */
public final class PowerTables {
  /** Bronze: per-account daily meter readings (source grid). */
  public static final TableId BRONZE_METER_DAILY = TableId.bronze("grid", "meter_daily");

  /** Bronze: cells of Wind wide exports. */
  public static final TableId BRONZE_WIND_SERIES = TableId.bronze("wind", "series");

  /** Bronze: half-hourly operator demand (AEMO, Victoria). */
  public static final TableId BRONZE_OPERATOR_DEMAND =
      TableId.bronze("aemo", "vic_demand_halfhourly");

  /** Silver: typed, deduplicated daily readings in kWh. */
  public static final TableId METER_DAILY = TableId.silver("power", "meter_daily");

  /** Silver: region × industry × month consumption in kWh. */
  public static final TableId CONSUMPTION_MONTHLY = TableId.silver("power", "consumption_monthly");

  private PowerTables() {}
}

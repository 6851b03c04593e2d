package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TableIdTest {
  @Test
  void namesEachLayerAsDesignSaysSo() {
    assertEquals("bronze.grid__meter_daily", TableId.bronze("grid", "meter_daily").sqlName());
    assertEquals(
        "silver.power__consumption_monthly",
        TableId.silver("power", "consumption_monthly").sqlName());
    assertEquals(
        "lake.electricity_index.monthly_indices",
        TableId.gold("electricity_index", "monthly_indices").sqlName());
    assertEquals("lake.ops.runs", TableId.ops("runs").sqlName());
  }

  @Test
  void placesDeltaTablesUnderTheWarehouse() {
    assertEquals(
        "file:/wh/bronze/grid/meter_daily",
        TableId.bronze("grid", "meter_daily").location("file:/wh"));
    assertEquals(
        "s3a://b/wh/silver/power/meter_daily",
        TableId.silver("power", "meter_daily").location("s3a://b/wh/"));
    assertThrows(IllegalStateException.class, () -> TableId.ops("runs").location("file:/wh"));
  }

  @Test
  void quarantineAppendsTheSuffixOnce() {
    TableId q = TableId.silver("power", "consumption_monthly").quarantine();
    assertEquals("silver.power__consumption_monthly__quarantine", q.sqlName());
    assertTrue(q.isQuarantine());
    assertEquals(q, q.quarantine());
    assertFalse(TableId.silver("power", "x").isQuarantine());
  }

  @Test
  void parsesWhatItPrints() {
    for (TableId id :
        new TableId[] {
          TableId.bronze("grid", "meter_daily"),
          TableId.silver("power", "meter_daily").quarantine(),
          TableId.gold("electricity_index", "monthly_indices"),
          TableId.ops("ingest_files")
        }) {
      assertEquals(id, TableId.parse(id.sqlName()));
    }
  }

  @Test
  void rejectsNamesThatBreakThePattern() {
    var e = assertThrows(InvalidSpecException.class, () -> TableId.silver("Power", "x"));
    assertTrue(e.getMessage().contains("'Power'"), e.getMessage());
    assertThrows(InvalidSpecException.class, () -> TableId.silver("po__wer", "x"));
    assertThrows(InvalidSpecException.class, () -> TableId.of(Layer.OPS, "other", "x"));
    var p = assertThrows(InvalidSpecException.class, () -> TableId.parse("silver.nodomain"));
    assertTrue(p.getMessage().contains("silver.<domain>__<entity>"), p.getMessage());
  }
}

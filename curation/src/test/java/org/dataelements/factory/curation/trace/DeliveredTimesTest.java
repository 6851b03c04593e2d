package org.dataelements.factory.curation.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.dataelements.factory.curation.trace.DeliveredTimes.TimeKind;
import org.junit.jupiter.api.Test;

class DeliveredTimesTest {
  @Test
  void readsDayFirstDatesOfUkSheets() {
    LocalDate d = LocalDate.of(2022, 1, 24);
    for (String s :
        new String[] {
          "24/01/2022", "24/1/2022", "24/01/22", "24-Jan-2022", "24 January 2022", "2022-01-24"
        }) {
      assertEquals(Optional.of(d), DeliveredTimes.date(s, DeliveredTimes.DateStyle.DAY_FIRST), s);
    }
  }

  @Test
  void refusesCalendarErrorsAndOtherText() {
    for (String s : new String[] {"31/02/2022", "24/13/2022", "2022/01/24 maybe", "soon", ""}) {
      assertEquals(Optional.empty(), DeliveredTimes.date(s, DeliveredTimes.DateStyle.DAY_FIRST), s);
    }
    assertEquals(Optional.empty(), DeliveredTimes.date(null, DeliveredTimes.DateStyle.DAY_FIRST));
  }

  @Test
  void readsYearFirstDatesOfChineseDocuments() {
    LocalDate d = LocalDate.of(2024, 5, 1);
    for (String s :
        new String[] {
          "2024-05-01", "2024/5/1", "2024.5.1", "20240501", "2024年5月1日", "2024-05-01T08:00:00+08:00"
        }) {
      assertEquals(Optional.of(d), DeliveredTimes.date(s, DeliveredTimes.DateStyle.YEAR_FIRST), s);
    }
    assertEquals(
        Optional.empty(),
        DeliveredTimes.date("01/05/2024", DeliveredTimes.DateStyle.YEAR_FIRST),
        "ambiguous");
  }

  @Test
  void readsInstantsWithTheirOffsetAsDelivered() {
    Instant i = Instant.parse("2024-05-01T00:00:00Z");
    for (String[] c :
        new String[][] {
          {"2024-05-01T08:00:00+08:00", "+08:00"},
          {"2024-05-01 08:00:00+08:00", "+08:00"},
          {"2024-05-01T08:00+0800", "+0800"},
          {"2024-05-01T08:00:00.000+08", "+08"},
          {"2024-05-01T00:00:00Z", "Z"}
        }) {
      DeliveredTimes.DeliveredTime t = DeliveredTimes.time(c[0]);
      assertEquals(TimeKind.INSTANT, t.kind(), c[0]);
      assertEquals(Optional.of(i), t.instant(), c[0]);
      assertEquals(Optional.of(c[1]), t.offset(), c[0]);
    }
  }

  @Test
  void tellsApartMissingOffsetsBareDatesAndNonsense() {
    assertEquals(TimeKind.NO_OFFSET, DeliveredTimes.time("2024-05-01T08:00:00").kind());
    DeliveredTimes.DeliveredTime day = DeliveredTimes.time("2024-05-01");
    assertEquals(TimeKind.DATE_ONLY, day.kind());
    assertEquals(Optional.of(Instant.parse("2024-05-01T00:00:00Z")), day.instant());
    assertEquals(TimeKind.UNPARSEABLE, DeliveredTimes.time("2024-02-30T08:00:00+08:00").kind());
    assertEquals(TimeKind.UNPARSEABLE, DeliveredTimes.time("yesterday").kind());
    assertEquals(TimeKind.UNPARSEABLE, DeliveredTimes.time("2024-05-01T08:00:00+25:00").kind());
    assertEquals(TimeKind.MISSING, DeliveredTimes.time(" ").kind());
  }
}

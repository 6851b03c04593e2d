package org.dataelements.factory.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void credentialsGoWhereTheyAppearAndTheRestStays() {
    assertEquals(
        "jdbc:postgresql://db:5432/lake?user=app&password=<redacted>&ssl=true",
        Redaction.of("jdbc:postgresql://db:5432/lake?user=app&password=hunter2&ssl=true"));
    assertEquals(
        "jdbc:mysql://app:<redacted>@db/lake", Redaction.of("jdbc:mysql://app:hunter2@db/lake"));
    assertEquals(
        "jdbc:sqlserver://db;user=app;Password=<redacted>;encrypt=true",
        Redaction.of("jdbc:sqlserver://db;user=app;Password=hunter2;encrypt=true"));
    assertEquals(
        "jdbc:oracle:thin:app/<redacted>@db:1521/x",
        Redaction.of("jdbc:oracle:thin:app/hunter2@db:1521/x"));
    assertEquals(
        "s3a://bucket/wh?secret_key=<redacted>", Redaction.of("s3a://bucket/wh?secret_key=abc"));
    assertEquals(
        "cannot connect to jdbc:postgresql://127.0.0.1:1/postgres: refused",
        Redaction.of("cannot connect to jdbc:postgresql://127.0.0.1:1/postgres: refused"));
    assertEquals("http://host:8080/api", Redaction.of("http://host:8080/api"));
  }
}

package org.dataelements.factory.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dataelements.factory.core.CoreErrors;
import org.dataelements.factory.core.InvalidSpecException;
import org.dataelements.factory.core.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactoryMainTest {
  @TempDir Path tmp;

  @Test
  void aCoreErrorAboutASettingNamesTheOptionThatSetsIt() {
    var conf = assertThrows(InvalidSpecException.class, () -> Specs.load(tmp.resolve("nope")));
    String confShown = shown(conf);
    assertTrue(confShown.contains("nope' does not exist"), confShown);
    assertTrue(confShown.contains("--conf DIR or FACTORY_CONF"), confShown);

    String landingShown = shown(CoreErrors.missingLandingRoot(tmp.resolve("nowhere").toString()));
    assertTrue(landingShown.startsWith("error: landing root"), landingShown);
    assertTrue(landingShown.contains("--landing DIR"), landingShown);
  }

  private static String shown(RuntimeException e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(
        FactoryMain.USAGE,
        FactoryMain.handle(
            e, false, new Console(new PrintStream(out, true, StandardCharsets.UTF_8))));
    return out.toString(StandardCharsets.UTF_8);
  }
}

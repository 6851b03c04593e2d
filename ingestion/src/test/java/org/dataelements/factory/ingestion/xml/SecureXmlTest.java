package org.dataelements.factory.ingestion.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecureXmlTest {
  static Path fixture(String name) {
    try {
      return Path.of(SecureXmlTest.class.getResource("/fixtures/xml/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecureXml.Parsed parse(String xml) {
    return SecureXml.parse(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        "inline.xml",
        Optional.empty());
  }

  @Test
  void refusesExternalEntityWithoutResolvingIt() throws IOException {
    SecureXml.Parsed p = SecureXml.parse(fixture("xxe.xml"), "landing/xxe.xml", Optional.empty());

    assertTrue(p.root().isEmpty());
    String problem = p.problem().orElseThrow();
    assertTrue(
        problem.startsWith(
            "landing/xxe.xml: refused: the XML declares a DTD / external entity (XXE)"),
        problem);
    assertTrue(problem.contains("DTDs are not loaded"), problem);
    if (Files.isReadable(Path.of("/etc/passwd"))) {
      String first = Files.readAllLines(Path.of("/etc/passwd")).get(0);
      assertFalse(problem.contains(first), "the entity's target must never be read");
    }
    assertFalse(problem.contains("root:"), problem);
  }

  @Test
  void refusesInternalEntityExpansion() {
    SecureXml.Parsed p =
        parse("<!DOCTYPE a [<!ENTITY x \"xxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;\">]><a>&y;</a>");

    assertTrue(p.problem().orElseThrow().contains("refused"), p.problem().get());
  }

  @Test
  void refusesExternalDtd() {
    SecureXml.Parsed p = parse("<!DOCTYPE a SYSTEM \"http://example.com/a.dtd\"><a/>");

    assertTrue(p.problem().orElseThrow().contains("refused"), p.problem().get());
  }

  @Test
  void allowsDoctypeThatOnlyNamesTheRoot() {
    SecureXml.Parsed p =
        parse("<?xml version=\"1.0\"?>\n<!DOCTYPE project>\n<project><a>1</a></project>");

    assertEquals(Optional.empty(), p.problem());
    assertEquals("project", p.root().orElseThrow().localName());
  }

  @Test
  void reportsLineAndColumnOfMalformedXml() throws IOException {
    SecureXml.Parsed p =
        SecureXml.parse(fixture("malformed.xml"), "malformed.xml", Optional.empty());

    String problem = p.problem().orElseThrow();
    assertTrue(problem.startsWith("not well-formed XML at line 7, column "), problem);
  }

  @Test
  void readsElementsWithNamespacesAttributesAndLines() {
    XmlNode root =
        parse("<r xmlns:p=\"urn:p\">\n  <p:a k=\"v\">t</p:a>\n</r>").root().orElseThrow();

    XmlNode a = root.children().get(0);
    assertEquals("p:a", a.qualifiedName());
    assertEquals("{urn:p}a", a.clarkName());
    assertEquals(Optional.of("v"), a.attribute("k"));
    assertEquals("t", a.text());
    assertEquals(2, a.line());
    assertEquals("urn:p", root.declaredNamespaces().get("p"));
  }

  @Test
  void findsRootElementFromTheFileStartOnly() {
    String head =
        "\uFEFF<?xml version=\"1.0\"?>\n"
            + "<!-- c -->\n"
            + "<!DOCTYPE x [<!ENTITY e \"v\">]>\n"
            + "<epcis:EPCISDocument a=\"1\">";

    assertEquals(
        Optional.of("epcis:EPCISDocument"),
        SecureXml.rootElement(head.getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        Optional.empty(), SecureXml.rootElement("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), SecureXml.rootElement(new byte[0]));
  }

  @Test
  void rendersElementsAsJsonFaithfully() {
    XmlNode root =
        parse("<b id=\"1\"><t>x</t><a>1</a><a>2</a><p c=\"USD\">4.5</p></b>").root().orElseThrow();

    assertEquals(
        "{\"@id\":\"1\",\"t\":\"x\",\"a\":[\"1\",\"2\"],\"p\":{\"@c\":\"USD\",\"#text\":\"4.5\"}}",
        XmlJson.object(root).toString());
  }
}

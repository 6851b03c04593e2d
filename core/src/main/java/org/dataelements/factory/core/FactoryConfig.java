package org.dataelements.factory.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resolved configuration of one factory process: profile, warehouse, conf directory, Spark
 * settings, the Iceberg catalog and the lineage transport. Resolved from the profile YAML ({@code
 * <conf>/<profile>.yaml}), then environment variables, then command-line options.
 */
public record FactoryConfig(
    String profile,
    String warehouse,
    Path confDir,
    SparkSettings spark,
    CatalogSettings catalog,
    LineageSettings lineage,
    Optional<String> pseudonymKeyFile,
    AirflowSettings airflow) {

  public static final String DEFAULT_PROFILE = "embedded";
  public static final String DEFAULT_WAREHOUSE = "./lakehouse";
  public static final String DEFAULT_CONF = "./conf";

  public FactoryConfig {
    requireNonNull(profile, "profile is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(confDir, "confDir is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(lineage, "lineage is null");
    requireNonNull(pseudonymKeyFile, "pseudonymKeyFile is null");
    requireNonNull(airflow, "airflow is null");
  }

  /** A configuration without an Airflow section. */
  public FactoryConfig(
      String profile,
      String warehouse,
      Path confDir,
      SparkSettings spark,
      CatalogSettings catalog,
      LineageSettings lineage,
      Optional<String> pseudonymKeyFile) {
    this(
        profile,
        warehouse,
        confDir,
        spark,
        catalog,
        lineage,
        pseudonymKeyFile,
        AirflowSettings.none());
  }

  /** A configuration without a pseudonymization key file (the key then comes from elsewhere). */
  public FactoryConfig(
      String profile,
      String warehouse,
      Path confDir,
      SparkSettings spark,
      CatalogSettings catalog,
      LineageSettings lineage) {
    this(profile, warehouse, confDir, spark, catalog, lineage, Optional.empty());
  }

  /**
   * The profile's {@code pseudonymization} section: {@code key_file}, a file holding the secret key
   * of the keyed hash that pseudonymizes personal data (at least 16 bytes; {@code ${VAR}} allowed).
   */
  record PseudonymizationSettings(Optional<String> keyFile) {
    @JsonCreator
    static PseudonymizationSettings fromYaml(@JsonProperty("key_file") String keyFile) {
      return new PseudonymizationSettings(Optional.ofNullable(keyFile));
    }
  }

  /**
   * The profile's {@code airflow} section, for {@code factory airflow trigger|status|runs}: {@code
   * url}, the Airflow web server's base URL (e.g. {@code http://airflow:8080}; the REST API is
   * under {@code /api/v2} there; {@code ${VAR}} allowed), and {@code timeout_seconds} per request
   * (default 30). The token never goes in a file: it comes from the environment variable {@code
   * AIRFLOW_TOKEN}.
   */
  public record AirflowSettings(Optional<String> url, java.time.Duration timeout) {
    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(30);

    public AirflowSettings {
      requireNonNull(url, "url is null");
      requireNonNull(timeout, "timeout is null");
    }

    /** No Airflow configured. */
    public static AirflowSettings none() {
      return new AirflowSettings(Optional.empty(), DEFAULT_TIMEOUT);
    }

    @JsonCreator
    static AirflowSettings fromYaml(
        @JsonProperty("url") String url, @JsonProperty("timeout_seconds") Integer timeoutSeconds) {
      var problems = new java.util.ArrayList<String>();
      if (url != null
          && !url.contains("${")
          && !url.startsWith("http://")
          && !url.startsWith("https://")) {
        problems.add(
            "url '" + url + "' is not an http(s) URL (e.g. http://airflow:8080, without /api/v2)");
      }
      if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > 600)) {
        problems.add("timeout_seconds " + timeoutSeconds + " must be between 1 and 600");
      }
      if (!problems.isEmpty()) {
        throw new FieldProblems(problems);
      }
      return new AirflowSettings(
          Optional.ofNullable(url).filter(u -> !u.isBlank()),
          timeoutSeconds == null
              ? DEFAULT_TIMEOUT
              : java.time.Duration.ofSeconds(timeoutSeconds.longValue()));
    }
  }

  /** What the command line says, each part optional. */
  public record Overrides(
      Optional<String> warehouse, Optional<String> confDir, Optional<String> profile) {
    public Overrides {
      requireNonNull(warehouse, "warehouse is null");
      requireNonNull(confDir, "confDir is null");
      requireNonNull(profile, "profile is null");
    }

    public static Overrides none() {
      return new Overrides(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /** Spark master (absent under spark-submit) and extra session settings. */
  public record SparkSettings(Optional<String> master, Map<String, String> conf) {
    public SparkSettings {
      requireNonNull(master, "master is null");
      conf = Map.copyOf(conf);
    }

    /**
     * Settings of the driver's JVM: the factory sets its session's settings once that JVM runs, so
     * Spark ignores these (its docs: "must not be set through the SparkConf directly").
     */
    static final List<String> DRIVER_JVM_SETTINGS =
        List.of(
            "spark.driver.memory",
            "spark.driver.extraJavaOptions",
            "spark.driver.extraClassPath",
            "spark.driver.extraLibraryPath");

    @JsonCreator
    static SparkSettings fromYaml(
        @JsonProperty("master") String master, @JsonProperty("conf") Map<String, String> conf) {
      Map<String, String> c = conf == null ? Map.of() : conf;
      List<String> ignored =
          DRIVER_JVM_SETTINGS.stream()
              .filter(c::containsKey)
              .map(
                  k ->
                      "conf."
                          + k
                          + " '"
                          + c.get(k)
                          + "' has no effect: the driver's JVM is already running when the factory"
                          + " configures its session; remove the key and set it on the JVM instead"
                          + " (FACTORY_JAVA_OPTS, e.g. -Xmx6g, for the embedded profile;"
                          + " spark-submit --driver-memory / --driver-java-options on a cluster)")
              .toList();
      if (!ignored.isEmpty()) {
        throw new FieldProblems(ignored);
      }
      return new SparkSettings(Optional.ofNullable(master), c);
    }
  }

  /** The Iceberg catalog {@code lake}: hadoop (on the warehouse), jdbc or rest. */
  public record CatalogSettings(String type, Optional<String> uri, Map<String, String> properties) {
    private static final List<String> TYPES = List.of("hadoop", "jdbc", "rest");

    public CatalogSettings {
      requireNonNull(type, "type is null");
      requireNonNull(uri, "uri is null");
      properties = Map.copyOf(properties);
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException(
            "catalog type '" + type + "' is not supported; use one of " + String.join(", ", TYPES));
      }
      if (!type.equals("hadoop") && uri.isEmpty()) {
        throw new IllegalArgumentException("catalog type '" + type + "' needs 'uri'");
      }
      if (type.equals("hadoop") && uri.isPresent()) {
        throw new IllegalArgumentException(
            "catalog type 'hadoop' takes no uri (got '"
                + uri.get()
                + "'); remove it or use jdbc or rest");
      }
    }

    @JsonCreator
    static CatalogSettings fromYaml(
        @JsonProperty("type") String type,
        @JsonProperty("uri") String uri,
        @JsonProperty("properties") Map<String, String> properties) {
      if ((type == null || type.equalsIgnoreCase("hadoop")) && uri != null) {
        throw new FieldProblems(
            List.of(
                "uri '"
                    + uri
                    + "' is not used by the hadoop catalog (its tables live under <warehouse>/lake);"
                    + " remove the key, or set type to jdbc or rest"));
      }
      return new CatalogSettings(
          type == null ? "hadoop" : type.toLowerCase(Locale.ROOT),
          Optional.ofNullable(uri),
          properties == null ? Map.of() : properties);
    }

    static CatalogSettings defaults() {
      return new CatalogSettings("hadoop", Optional.empty(), Map.of());
    }
  }

  /**
   * Lineage (DESIGN §9). Events always go as JSON Lines to {@code <warehouse>/_lineage/} and into
   * {@code lake.ops.lineage_events}; {@code transport} {@code console} also prints them (stderr),
   * {@code http} also posts them to an OpenLineage endpoint ({@code url}, e.g. Marquez's {@code
   * http://host:5000/api/v1/lineage}, with {@code api_key} as a Bearer token, best from an
   * environment variable). {@code enabled: false} emits nothing (to measure what lineage costs);
   * {@code namespace} is the job namespace; {@code spark_listener: true} also runs
   * openlineage-spark's listener, whose events go to {@code <warehouse>/_lineage/spark/}.
   */
  public record LineageSettings(
      String transport,
      Optional<String> url,
      boolean enabled,
      String namespace,
      Optional<String> apiKey,
      boolean sparkListener) {
    static final java.util.Set<String> TRANSPORTS = java.util.Set.of("file", "console", "http");

    public LineageSettings {
      requireNonNull(transport, "transport is null");
      requireNonNull(url, "url is null");
      requireNonNull(namespace, "namespace is null");
      requireNonNull(apiKey, "apiKey is null");
      List<String> problems = problems(transport, url.orElse(null), apiKey.isPresent());
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }

    /** File events only, the default. */
    public LineageSettings(String transport, Optional<String> url) {
      this(transport, url, true, "data-element-factory", Optional.empty(), false);
    }

    private static List<String> problems(String transport, String url, boolean key) {
      var problems = new java.util.ArrayList<String>();
      if (!TRANSPORTS.contains(transport)) {
        problems.add("transport '" + transport + "' is not one of file, console, http");
      } else if (transport.equals("http")) {
        if (url == null || url.isBlank()) {
          problems.add(
              "url is required by the http transport (e.g. http://marquez:5000/api/v1/lineage)");
        } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
          problems.add("url '" + url + "' is not an http(s) URL");
        }
      } else {
        if (url != null) {
          problems.add(
              "url '"
                  + url
                  + "' is only used by the http transport; remove it or set transport: http");
        }
        if (key) {
          problems.add("api_key is only used by the http transport; remove it");
        }
      }
      return problems;
    }

    @JsonCreator
    static LineageSettings fromYaml(
        @JsonProperty("transport") String transport,
        @JsonProperty("url") String url,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("spark_listener") Boolean sparkListener) {
      String t = transport == null ? "file" : transport;
      String key = apiKey == null || apiKey.isBlank() ? null : apiKey;
      var problems = problems(t, url, key != null);
      if (namespace != null && !namespace.matches("[A-Za-z0-9._:/-]{1,100}")) {
        problems.add("namespace '" + namespace + "' may hold only letters, digits and ._:/-");
      }
      if (!problems.isEmpty()) {
        throw new FieldProblems(problems);
      }
      return new LineageSettings(
          t,
          Optional.ofNullable(url),
          enabled == null || enabled,
          namespace == null ? "data-element-factory" : namespace,
          Optional.ofNullable(key),
          sparkListener != null && sparkListener);
    }

    static LineageSettings defaults() {
      return new LineageSettings("file", Optional.empty());
    }

    @Override
    public String toString() {
      // never the key
      return "LineageSettings[transport="
          + transport
          + ", url="
          + url.orElse("")
          + ", enabled="
          + enabled
          + ", namespace="
          + namespace
          + ", api_key="
          + (apiKey.isPresent() ? "(set)" : "(none)")
          + ", spark_listener="
          + sparkListener
          + "]";
    }
  }

  /** The shape of a profile file. */
  record ProfileFile(
      Optional<String> warehouse,
      SparkSettings spark,
      CatalogSettings catalog,
      LineageSettings lineage,
      Optional<String> pseudonymKeyFile,
      AirflowSettings airflow) {
    @JsonCreator
    static ProfileFile fromYaml(
        @JsonProperty("warehouse") String warehouse,
        @JsonProperty("spark") SparkSettings spark,
        @JsonProperty("catalog") CatalogSettings catalog,
        @JsonProperty("lineage") LineageSettings lineage,
        @JsonProperty("pseudonymization") PseudonymizationSettings pseudonymization,
        @JsonProperty("airflow") AirflowSettings airflow) {
      return new ProfileFile(
          Optional.ofNullable(warehouse),
          spark == null ? new SparkSettings(Optional.of("local[*]"), Map.of()) : spark,
          catalog == null ? CatalogSettings.defaults() : catalog,
          lineage == null ? LineageSettings.defaults() : lineage,
          pseudonymization == null ? Optional.empty() : pseudonymization.keyFile(),
          airflow == null ? AirflowSettings.none() : airflow);
    }
  }

  /**
   * Resolves the configuration: command line over environment ({@code FACTORY_WAREHOUSE}, {@code
   * FACTORY_CONF}, {@code FACTORY_PROFILE}) over the profile file over defaults.
   *
   * @throws InvalidSpecException when the profile file is invalid, or (about {@link
   *     Setting#PROFILE}) the profile name is not valid or a non-default profile has no file
   */
  public static FactoryConfig resolve(Overrides cli, Map<String, String> env, Path workingDir) {
    String profile =
        cli.profile()
            .or(() -> Optional.ofNullable(env.get("FACTORY_PROFILE")))
            .orElse(DEFAULT_PROFILE);
    if (!profile.matches("[A-Za-z0-9_-]+")) {
      throw new InvalidSpecException(
          List.of(
              "profile '"
                  + profile
                  + "' is not valid; expected a profile name such as embedded or cluster (letters,"
                  + " digits, '_' and '-')"),
          Setting.PROFILE);
    }
    Path confDir =
        workingDir
            .resolve(
                cli.confDir()
                    .or(() -> Optional.ofNullable(env.get("FACTORY_CONF")))
                    .orElse(DEFAULT_CONF))
            .normalize();
    Path profilePath = confDir.resolve(profile + ".yaml");
    ProfileFile file;
    if (Files.isRegularFile(profilePath)) {
      var r =
          StrictYaml.read(
              profilePath, confDir.getFileName() + "/" + profile + ".yaml", ProfileFile.class);
      if (!r.problems().isEmpty()) {
        throw new InvalidSpecException(r.problems());
      }
      file =
          expandEnv(r.value().orElseThrow(), env, confDir.getFileName() + "/" + profile + ".yaml");
    } else if (profile.equals(DEFAULT_PROFILE)) {
      file = ProfileFile.fromYaml(null, null, null, null, null, null);
    } else {
      throw new InvalidSpecException(
          List.of(
              "profile '"
                  + profile
                  + "' has no file "
                  + profilePath
                  + "; create it (see conf/cluster.yaml) or use the embedded profile"),
          Setting.PROFILE);
    }
    String warehouse =
        cli.warehouse()
            .or(() -> Optional.ofNullable(env.get("FACTORY_WAREHOUSE")))
            .or(file::warehouse)
            .orElse(DEFAULT_WAREHOUSE);
    return new FactoryConfig(
        profile,
        warehouseUri(warehouse, workingDir),
        confDir,
        file.spark(),
        file.catalog(),
        file.lineage(),
        file.pseudonymKeyFile(),
        file.airflow());
  }

  /** A warehouse as a URI: local paths become absolute {@code file:} URIs, others stay. */
  static String warehouseUri(String warehouse, Path workingDir) {
    if (warehouse.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
    }
    if (warehouse.startsWith("file:")) {
      return Path.of(URI.create(warehouse)).toUri().toString().replaceAll("/$", "");
    }
    return workingDir
        .resolve(warehouse)
        .toAbsolutePath()
        .normalize()
        .toUri()
        .toString()
        .replaceAll("/$", "");
  }

  /** The warehouse as a local directory, when it is one. */
  public Optional<Path> localWarehouse() {
    return warehouse.startsWith("file:")
        ? Optional.of(Path.of(URI.create(warehouse)))
        : Optional.empty();
  }

  /** A path under the warehouse, as a URI string. */
  public String warehousePath(String relative) {
    return warehouse + "/" + relative;
  }

  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /**
   * The profile with every {@code ${VAR}} replaced by the environment's value; a variable the
   * environment does not define is a configuration error naming it and the key that uses it (an
   * empty secret or password must be explicit: {@code export VAR=}).
   */
  private static ProfileFile expandEnv(ProfileFile f, Map<String, String> env, String profileName) {
    List<String> undefined = new ArrayList<>();
    java.util.function.BiFunction<String, String, String> x =
        (key, value) -> expand(profileName, key, value, env, undefined);
    var props = new java.util.TreeMap<String, String>();
    f.catalog().properties().forEach((k, v) -> props.put(k, x.apply("catalog.properties." + k, v)));
    var sparkConf = new java.util.TreeMap<String, String>();
    f.spark().conf().forEach((k, v) -> sparkConf.put(k, x.apply("spark.conf." + k, v)));
    ProfileFile expanded =
        new ProfileFile(
            f.warehouse().map(w -> x.apply("warehouse", w)),
            new SparkSettings(f.spark().master(), sparkConf),
            new CatalogSettings(
                f.catalog().type(), f.catalog().uri().map(u -> x.apply("catalog.uri", u)), props),
            f.lineage(),
            f.pseudonymKeyFile().map(k -> x.apply("pseudonym_key_file", k)),
            new AirflowSettings(
                f.airflow().url().map(u -> x.apply("airflow.url", u)).filter(u -> !u.isBlank()),
                f.airflow().timeout()));
    if (!undefined.isEmpty()) {
      throw new InvalidSpecException(undefined, Setting.PROFILE);
    }
    return expanded;
  }

  private static String expand(
      String profileName,
      String key,
      String value,
      Map<String, String> env,
      List<String> undefined) {
    Matcher m = ENV_REF.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v = env.get(name);
      if (v == null) {
        undefined.add(
            profileName
                + ": "
                + key
                + " uses ${"
                + name
                + "}, which is not set in the environment; export "
                + name
                + " (export "
                + name
                + "= for a deliberately empty value)");
        v = "";
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}

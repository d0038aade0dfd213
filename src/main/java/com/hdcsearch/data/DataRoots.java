package com.hdcsearch.data;

import java.nio.file.Path;

/**
 * Where data sets live by default: {@code <base>/<name>}, the base taken from the system property
 * {@value #PROPERTY}, else the environment variable {@value #ENV_VAR}, else {@code ./data}.
 *
 * @param base folder holding one sub-folder per data set
 */
public record DataRoots(Path base) {
  /** Environment variable naming the base folder. */
  public static final String ENV_VAR = "HDC_DATA_ROOT";
  /** System property naming the base folder; wins over the environment variable. */
  public static final String PROPERTY = "hdc.data.root";
  /** Base when neither is set, relative to the working directory. */
  public static final Path DEFAULT_BASE = Path.of("data");

  public DataRoots {
    if (base == null) {
      throw new IllegalArgumentException("base must not be null");
    }
  }

  /** From this JVM's system property and environment. */
  public static DataRoots fromEnvironment() {
    return from(System.getProperty(PROPERTY), System.getenv(ENV_VAR));
  }

  /** The first usable of the property and the environment value, else {@link #DEFAULT_BASE}. */
  public static DataRoots from(String property, String env) {
    for (String value : new String[] {property, env}) {
      // Maven passes an unset ${hdc.data.root} through literally; that is "not set", not a folder name.
      if (value != null && !value.isBlank() && !value.startsWith("${")) {
        return new DataRoots(Path.of(value));
      }
    }
    return new DataRoots(DEFAULT_BASE);
  }

  /** The default folder of one data set. */
  public Path root(String datasetName) {
    return base.resolve(datasetName);
  }
}

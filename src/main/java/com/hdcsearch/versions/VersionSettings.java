package com.hdcsearch.versions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** The model lifecycle: where weights live and how long a swap may take. */
@ConfigMapping(prefix = "hdc.versions")
public interface VersionSettings {

  /**
   * Root of the versions' checkpoint directories. Instances share only Kafka and this directory: beyond one machine
   * it must be a shared volume.
   */
  @WithDefault("${hdc.home:.}/data/versions")
  String dir();

  /** Longest a swap may take (re-embedding the catalog included) before it is abandoned. */
  @WithName("swap-timeout")
  @WithDefault("30m")
  Duration swapTimeout();

  /**
   * After a restart, answer lookups at once from this instance's committed index and the saved weights of the version
   * it served, while Kafka starts and {@code model.versions} is read (only when the local state is complete and
   * unambiguous: see {@code serving.LocalServing}); false waits for Kafka first.
   */
  @WithName("early-lookups")
  @WithDefault("true")
  boolean earlyLookups();

  /** This instance's name on the events it writes; default host name and process id. */
  Optional<String> instance();
}

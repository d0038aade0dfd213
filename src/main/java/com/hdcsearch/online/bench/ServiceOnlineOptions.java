package com.hdcsearch.online.bench;

import com.hdcsearch.online.OnlineOptions;
import com.hdcsearch.online.OnlineSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The online trainer's options as the child service resolves them: {@link OnlineSettings}' own defaults under the
 * {@code -D} settings the bench passes it, read by the same SmallRye mapping, so the offline trainer cannot drift from
 * the service's when a default changes.
 */
final class ServiceOnlineOptions {
  private static final int CONVERTER_PRIORITY = 200;
  private ServiceOnlineOptions() {}

  /** The options for {@code settings} ({@code hdc.online.*} keys override the defaults; others are ignored). */
  static OnlineOptions resolve(Map<String, String> settings) {
    Map<String, String> props = new HashMap<>(settings);
    props.putIfAbsent("hdc.home", ".");
    SmallRyeConfig config = new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withSources(new PropertiesConfigSource(props, "bench online settings", 500))
        // Durations as the service reads them ("30s"): Quarkus's own converter, not SmallRye's ISO-8601 default.
        .withConverter(Duration.class, CONVERTER_PRIORITY, new DurationConverter())
        .withMapping(OnlineSettings.class)
        .build();
    return OnlineOptions.of(config.getConfigMapping(OnlineSettings.class));
  }
}

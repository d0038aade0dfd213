package com.hdcsearch.metrics;

import com.hdcsearch.versions.VersionSettings;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Tags every meter of the service with {@code instance_id}, so that the series of several instances stay apart after
 * Prometheus relabels its targets (its own {@code instance} label names an address, which a rescheduled pod changes).
 * Quarkus applies every {@link MeterFilter} bean to its registries.
 */
@jakarta.enterprise.context.ApplicationScoped
public class MeterTags {
  /** The tag on every meter naming the instance. */
  public static final String INSTANCE = "instance_id";
  /** The tag on the meters that depend on the model: the version whose index or network did the work. */
  public static final String MODEL_VERSION = "model_version";

  @Produces
  @Singleton
  MeterFilter instanceTag(MetricsSettings settings, VersionSettings versions) {
    String name = settings.instance().or(versions::instance).orElseGet(MeterTags::hostName);
    return MeterFilter.commonTags(io.micrometer.core.instrument.Tags.of(INSTANCE, name));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}

package com.hdcsearch.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The dashboard's server-side history. */
@ConfigMapping(prefix = "hdc.dashboard")
public interface DashboardSettings {

  /** Time between two samples of every figure the page plots. */
  @WithDefault("5s")
  Duration resolution();

  /** How far back the samples are kept (in memory: a restart starts a new history). */
  @WithDefault("4h")
  Duration retention();
}

package com.hdcsearch.api;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The admin API's credentials. */
@ConfigMapping(prefix = "hdc.admin")
public interface AdminSettings {
  /**
   * Bearer token that the admin endpoints require ({@code Authorization: Bearer <token>}). Unset: every admin
   * endpoint answers 403, so a service started without one can never be steered by anyone.
   */
  Optional<String> token();
}

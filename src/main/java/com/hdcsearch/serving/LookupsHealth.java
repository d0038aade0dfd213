package com.hdcsearch.serving;

import com.hdcsearch.index.ServingIndex;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code /q/health/group/lookups}: UP when lookups answer, that is when the serving model is loaded and its index is
 * open. After a restart from a complete local state that is before Kafka is up ({@link ServingBoot}); readiness
 * ({@code /q/health/ready}) comes later, once the pipeline runs and new items become searchable again.
 */
@HealthGroup("lookups")
@ApplicationScoped
public class LookupsHealth implements HealthCheck {
  private final ServingIndex serving;
  private final ServingBoot boot;

  LookupsHealth(ServingIndex serving, ServingBoot boot) {
    this.serving = serving;
    this.boot = boot;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("lookups").withData("kafkaSide", boot.kafkaSideUp() ? "up" : "starting");
    try (ServingIndex.Lease lease = serving.acquire()) {
      return response.up().withData("modelVersion", lease.index().modelVersion())
          .withData("indexedItems", lease.index().size()).build();
    } catch (RuntimeException closed) {
      return response.down().build();
    }
  }
}

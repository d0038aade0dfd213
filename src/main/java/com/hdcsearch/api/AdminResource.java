package com.hdcsearch.api;

import com.hdcsearch.online.OnlineTrainingService;
import com.hdcsearch.online.TrainingStatus;
import com.hdcsearch.versions.ModelLifecycle;
import com.hdcsearch.versions.UnknownVersionException;
import com.hdcsearch.versions.VersionEvent;
import com.hdcsearch.versions.VersionStatus;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Steering the learner, behind the admin bearer token ({@link AdminAuth}): pause and resume training, promote a
 * version, roll back. Each action is a {@code model.versions} event (or a switch of this instance's trainer); the
 * swap itself follows the registry on every instance.
 */
@Path("/api/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
  private final AdminAuth auth;
  private final OnlineTrainingService training;
  private final ModelLifecycle lifecycle;

  AdminResource(AdminAuth auth, OnlineTrainingService training, ModelLifecycle lifecycle) {
    this.auth = auth;
    this.training = training;
    this.lifecycle = lifecycle;
  }

  /** Stops training steps (data keeps arriving); the serving version is untouched. */
  @POST
  @Path("/training/pause")
  public TrainingStatus pause(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    auth.check(authorization);
    onTrainer(training::pause);
    return training.status();
  }

  @POST
  @Path("/training/resume")
  public TrainingStatus resume(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    auth.check(authorization);
    onTrainer(training::resume);
    return training.status();
  }

  /** Promotes a candidate, rejected, retired or rolled-back version: every instance swaps to it. */
  @POST
  @Path("/model/promote/{version}")
  public VersionEvent promote(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @PathParam("version") String version) {
    auth.check(authorization);
    return write(() -> {
      VersionEvent current = lifecycle.book().get(version).orElseThrow(() -> new UnknownVersionException(version,
          lifecycle.book().versions().stream().map(VersionEvent::versionId).toList()));
      if (!lifecycle.store().contains(version) && current.checkpoint() == null) {
        throw new IllegalStateException("the weights of " + version + " are gone");
      }
      return lifecycle.transition(version, VersionStatus.PROMOTED, "promoted by an operator", Map.of());
    });
  }

  /** The version that served before the serving one serves again; the serving one ends ROLLED_BACK. */
  @POST
  @Path("/model/rollback")
  public VersionEvent rollback(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    auth.check(authorization);
    return write(() -> lifecycle.rollback("rolled back by an operator"));
  }

  private interface Write {
    VersionEvent run() throws InterruptedException, TimeoutException;
  }

  private static VersionEvent write(Write write) {
    try {
      return write.run();
    } catch (UnknownVersionException e) {
      throw new ApiException(404, "VERSION_NOT_FOUND", e.getMessage());
    } catch (IllegalStateException e) {
      throw new ApiException(409, "ILLEGAL_TRANSITION", e.getMessage());
    } catch (TimeoutException e) {
      throw new ApiException(503, "REGISTRY_UNAVAILABLE", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "INTERRUPTED", "interrupted");
    }
  }

  private static void onTrainer(Runnable action) {
    try {
      action.run();
    } catch (IllegalStateException e) {
      throw new ApiException(409, "TRAINING_OFF", e.getMessage());
    }
  }
}

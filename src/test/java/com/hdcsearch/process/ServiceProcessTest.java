package com.hdcsearch.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {
  @TempDir Path dir;

  @Test
  void theBuiltInFlagsAreTheLaunchersOwn() throws IOException {
    // A child started outside the checkout (no ./hdc at hand) must run with the same flags as one started inside.
    assertEquals(ServiceProcess.DEFAULT_JVM_FLAGS, ServiceProcess.launcherJvmFlags(Path.of("hdc")));
  }

  @Test
  void readsTheFlagsLineOfALauncherAndFallsBackWithoutOne() throws IOException {
    Path launcher = Files.writeString(dir.resolve("hdc"), "#!/bin/bash\nJVM_FLAGS=(-Da=1  -Db=2)\necho\n");
    assertEquals(List.of("-Da=1", "-Db=2"), ServiceProcess.launcherJvmFlags(launcher));
    assertEquals(ServiceProcess.DEFAULT_JVM_FLAGS, ServiceProcess.launcherJvmFlags(dir.resolve("missing")));
    Path broken = Files.writeString(dir.resolve("other"), "#!/bin/bash\necho\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ServiceProcess.launcherJvmFlags(broken));
    assertTrue(e.getMessage().contains("JVM_FLAGS"), e.getMessage());
  }

  @Test
  void refusesToStartWithoutAPackagedService() {
    ServiceProcess.Launch launch = ServiceProcess.Launch.of(dir).withJar(dir.resolve("none.jar"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceProcess.start(launch));
    assertTrue(e.getMessage().contains("none.jar"), e.getMessage());
  }

  @Test
  void aLaunchKeepsItsPartsAndCopiesTheSettings() {
    ServiceProcess.Ports ports = ServiceProcess.Ports.free();
    assertNotEquals(0, ports.http());
    java.util.HashMap<String, String> settings = new java.util.HashMap<>(Map.of("a", "1"));
    ServiceProcess.Launch launch = ServiceProcess.Launch.of(dir).withPorts(ports).withSettings(settings)
        .withLog(dir.resolve("x.log"));
    settings.put("b", "2");
    assertEquals(Map.of("a", "1"), launch.settings());
    assertEquals(ports, launch.ports());
    assertEquals(dir.resolve("x.log"), launch.log());
  }

  @Test
  void aServiceThatDiedSaysSoWithItsExitCodeAndLog() throws Exception {
    // A real child JVM that cannot start (the jar is not one): what a bench reports after a refused connection.
    Path jar = Files.writeString(dir.resolve("broken.jar"), "not a jar");
    ServiceProcess.Launch launch = ServiceProcess.Launch.of(dir).withJar(jar).withLog(dir.resolve("child.log"));
    try (ServiceProcess service = ServiceProcess.start(launch)) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (service.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(!service.isAlive(), "the child did not exit");
      String state = service.stateAndLogTail();
      assertTrue(state.contains("exited with 1"), state);
      assertTrue(state.contains("broken.jar"), state);
      assertTrue(state.contains(dir.resolve("child.log").toString()), state);
    }
  }
}

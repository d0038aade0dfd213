package com.hdcsearch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The locked admin surface: every endpoint of the service that changes state takes the admin bearer token and checks
 * it, and the check refuses (403 without a configured token, 401 without or with a wrong one).
 */
class AdminSurfaceTest {
  private static final String TOKEN = "a-token-of-32-characters-exactly";
  /** POST endpoints that change nothing: a search by image posts its query image. */
  private static final Set<String> READ_ONLY_POSTS = Set.of("SearchResource.searchByImage");

  @Test
  void everyStateChangingEndpointTakesTheAdminToken() throws Exception {
    List<String> endpoints = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (Class<?> resource : resources()) {
      for (Method m : resource.getDeclaredMethods()) {
        boolean changes = m.isAnnotationPresent(POST.class) || m.isAnnotationPresent(PUT.class)
            || m.isAnnotationPresent(DELETE.class) || m.isAnnotationPresent(PATCH.class);
        String name = resource.getSimpleName() + "." + m.getName();
        if (!changes || READ_ONLY_POSTS.contains(name)) {
          continue;
        }
        endpoints.add(name);
        boolean takesToken = Stream.of(m.getParameters()).map(p -> p.getAnnotation(HeaderParam.class))
            .anyMatch(h -> h != null && h.value().equalsIgnoreCase(HttpHeaders.AUTHORIZATION));
        if (!takesToken) {
          open.add(name);
        }
      }
    }
    System.out.println("state-changing endpoints: " + endpoints);
    assertTrue(endpoints.size() >= 4, "the admin endpoints are found: " + endpoints);
    assertEquals(List.of(), open, "state-changing endpoints without the admin token");
  }

  @Test
  void theCheckRefusesWithoutAConfiguredTokenAWrongOneOrNone() {
    AdminAuth none = new AdminAuth(Optional::empty);
    assertEquals(403, assertThrows(ApiException.class, () -> none.check("Bearer " + TOKEN)).status());
    AdminAuth blank = new AdminAuth(() -> Optional.of("   "));
    assertEquals(403, assertThrows(ApiException.class, () -> blank.check("Bearer    ")).status());
    AdminAuth tooShort = new AdminAuth(() -> Optional.of("short"));
    ApiException shortError = assertThrows(ApiException.class, () -> tooShort.check("Bearer short"));
    assertEquals(403, shortError.status());
    assertTrue(shortError.getMessage().contains("16"), shortError.getMessage());

    AdminAuth auth = new AdminAuth(() -> Optional.of(TOKEN));
    assertEquals(401, assertThrows(ApiException.class, () -> auth.check(null)).status());
    assertEquals(401, assertThrows(ApiException.class, () -> auth.check(TOKEN)).status(), "no Bearer scheme");
    assertEquals(401, assertThrows(ApiException.class, () -> auth.check("Basic " + TOKEN)).status());
    assertEquals(401, assertThrows(ApiException.class, () -> auth.check("Bearer " + TOKEN + "x")).status());
    assertEquals(401, assertThrows(ApiException.class, () -> auth.check("Bearer " + TOKEN.substring(1))).status());
    auth.check("Bearer " + TOKEN);
  }

  /** Every JAX-RS resource class of the build, whatever its package. */
  private static List<Class<?>> resources() throws IOException {
    java.nio.file.Path classes = Paths.get("target/classes");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (!name.startsWith("com.hdcsearch.") || name.contains("$")) {
          continue;
        }
        try {
          Class<?> c = Class.forName(name, false, AdminSurfaceTest.class.getClassLoader());
          if (c.isAnnotationPresent(Path.class)) {
            out.add(c);
          }
        } catch (ClassNotFoundException | LinkageError e) {
          // Generated or optional classes that do not load here are no REST resources.
        }
      }
    }
    return out;
  }
}

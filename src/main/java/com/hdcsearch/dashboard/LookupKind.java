package com.hdcsearch.dashboard;

/** The two lookups of the search API, as the dashboard charts them. */
public enum LookupKind {
  /** {@code GET /api/items/{id}/similar} */
  SIMILAR("similar"),
  /** {@code POST /api/search} with an image body */
  IMAGE("image");

  private final String key;

  LookupKind(String key) {
    this.key = key;
  }

  /** The name in series keys ({@code lookup.similar.rate}). */
  public String key() {
    return key;
  }

  /** The lookup that a request for {@code path} (no leading slash needed) and {@code method} is, or null. */
  public static LookupKind of(String method, String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if ("GET".equals(method) && p.startsWith("api/items/") && p.endsWith("/similar")) {
      return SIMILAR;
    }
    if ("POST".equals(method) && p.equals("api/search")) {
      return IMAGE;
    }
    return null;
  }
}

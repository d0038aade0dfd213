package com.hdcsearch.api;

/**
 * An item's encoded image as served.
 *
 * @param bytes PNG or JPEG bytes
 * @param contentType their MIME type
 */
public record CatalogImageBytes(byte[] bytes, String contentType) {}

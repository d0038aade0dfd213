package com.hdcsearch.api;

/**
 * The JSON body of every error answer.
 *
 * @param error machine-readable code, e.g. ITEM_NOT_FOUND, UNDECODABLE_IMAGE
 * @param message what was wrong, for a person
 */
public record ApiError(String error, String message) {}

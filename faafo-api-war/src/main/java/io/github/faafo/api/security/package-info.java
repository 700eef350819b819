/**
 * Who may change or delete fractals: one administrator whose credentials come from configuration.
 */
package io.github.faafo.api.security;

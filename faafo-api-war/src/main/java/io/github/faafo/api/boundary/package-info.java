/** The REST API: resources, their JSON payloads, and the mapping of errors to JSON bodies. */
package io.github.faafo.api.boundary;

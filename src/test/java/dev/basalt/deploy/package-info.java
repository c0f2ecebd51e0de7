/**
 * Tests of what ships for deployment: the Helm chart in {@code helm/basalt} rendered by a real helm (helm-java's
 * bundled native library) and read back as Kubernetes objects, checked against Basalt's real configuration
 * properties, the Dockerfile and the running node.
 */
package dev.basalt.deploy;

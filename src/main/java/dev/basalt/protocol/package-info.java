/**
 * The JSON shapes of the Lavalink v4 protocol, as records whose component order is the reference's key order.
 * Both the REST layer and the session socket render through these, so a shape is defined once.
 */
package dev.basalt.protocol;

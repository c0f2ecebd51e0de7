/**
 * DAVE, Discord's audio end-to-end encryption: the MLS group every call member belongs to (BouncyCastle's
 * {@code bcmls}), the transitions the voice gateway sequences, and the per-sender media keys exported from each
 * epoch. Group work runs on the gateway's thread; the 20 ms send path only reads the key state swapped in here.
 */
package dev.basalt.voice.discord.dave;

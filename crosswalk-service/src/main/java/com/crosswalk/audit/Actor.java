package com.crosswalk.audit;

/**
 * Who did something, as the audit log records it. The signed-in user implements it; the audit package depends on no
 * other feature package, so every feature can write to it without a cycle.
 */
public interface Actor {

    long id();

    String login();
}

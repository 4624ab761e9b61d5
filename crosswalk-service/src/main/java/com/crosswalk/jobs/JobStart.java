package com.crosswalk.jobs;

/** The job a start request led to: a new one, or the one of that kind already running ({@code alreadyRunning}). */
public record JobStart(Job job, boolean alreadyRunning) {
}

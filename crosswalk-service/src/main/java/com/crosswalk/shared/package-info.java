/** Pieces every feature package may use: the errors a person sees, and nothing else. */
package com.crosswalk.shared;

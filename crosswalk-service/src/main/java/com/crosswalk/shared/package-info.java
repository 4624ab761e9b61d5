/** Pieces every feature package may use: the errors a person sees and the box that encrypts secrets at rest. */
package com.crosswalk.shared;

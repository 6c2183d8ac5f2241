/**
 * A JUnit 5 extension that fails a test which leaks loomkit tasks: {@link io.loomkit.context.junit.VerifyNoLeaks}.
 * Needs {@code junit-jupiter-api} on the test class path; the rest of the module does not.
 */
package io.loomkit.context.junit;

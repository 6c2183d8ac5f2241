package io.loomkit.examples;

/** Runs the loomkit demo; it grows with each module. */
public final class Demo {
    private Demo() {}

    /**
     * Entry point.
     *
     * @param args command-line flags; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.out.println("loomkit demo: modules are being built; see README.md");
    }
}

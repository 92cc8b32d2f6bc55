package eg.gov.bawaba.mappings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/** Runs a loop over the indexes of a large batch in consecutive slices on an executor, and waits for all of them. */
public final class Slices {

    private Slices() {}

    /**
     * Calls {@code each} for every index from 0 to {@code count - 1}, in order within a slice of {@code slice} indexes,
     * the slices at once on {@code workers}; returns when all are done, rethrowing the first failure as it was thrown.
     */
    public static void forEach(int count, int slice, Executor workers, IntConsumer each) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int from = 0; from < count; from += slice) {
            int start = from;
            int end = Math.min(count, from + slice);
            running.add(CompletableFuture.runAsync(() -> {
                for (int i = start; i < end; i++) {
                    each.accept(i);
                }
            }, workers));
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}

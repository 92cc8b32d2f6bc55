package eg.gov.bawaba.mappings.model;

import java.time.LocalDate;

/**
 * The training-specific section of an entry of kind TRAINING; {@code endsOn}, {@code registrationUrl} and
 * {@code seats} may be null (open end, no online registration page, seats not published).
 */
public record Training(LocalDate startsOn, LocalDate endsOn, TrainingFormat format, String registrationUrl,
                       Integer seats) {}

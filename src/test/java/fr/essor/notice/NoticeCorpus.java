package fr.essor.notice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real notices beside the project (../shared/data/notices, see its README). */
public final class NoticeCorpus {
    public static final Path ROOT = Path.of("../shared/data/notices");
    public static final Path EFORMS_SDK = ROOT.resolve("eforms-sdk");
    public static final Path EFORMS_TED = ROOT.resolve("eforms-ted");
    public static final Path OCDS = ROOT.resolve("ocds");

    private NoticeCorpus() {
    }

    public static List<Path> files(Path dir, String extension) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ParseOutcome xml(Path p) {
        return NoticeParsers.parse("application/xml", bytes(p));
    }

    public static ParseOutcome json(Path p) {
        return NoticeParsers.parse("application/json", bytes(p));
    }

    /** The one notice an eForms file gives. */
    public static Notice eforms(String sdkFile) {
        ParseOutcome o = xml(EFORMS_SDK.resolve(sdkFile));
        if (o.accepted().size() != 1) {
            throw new AssertionError(sdkFile + " was not taken: " + o.items());
        }
        return o.notices().get(0);
    }

    public static Notice.Lot lot(Notice n, String lotId) {
        return n.lots().stream().filter(l -> l.lotId().equals(lotId)).findFirst()
                .orElseThrow(() -> new AssertionError("no lot " + lotId + " in " + n.sourceId()));
    }
}

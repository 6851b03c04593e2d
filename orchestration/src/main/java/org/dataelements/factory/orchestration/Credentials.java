package org.dataelements.factory.orchestration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dataelements.factory.core.DataInputException;
import picocli.CommandLine.Option;

/**
 * Where a command's credential comes from: {@code --token-file FILE} or the environment variable
 * {@code FACTORY_TOKEN} — never a command-line value, so that it stays out of shell histories and
 * process lists.
 */
final class Credentials {
  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "A file holding your token (default: the environment variable FACTORY_TOKEN).")
  Path tokenFile;

  /** The token, if one was given. */
  Optional<String> token() {
    if (tokenFile != null) {
      try {
        String t = Files.readString(tokenFile).strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
      } catch (IOException e) {
        throw new DataInputException(
            "--token-file "
                + tokenFile
                + " cannot be read ("
                + e.getClass().getSimpleName()
                + "); give a readable file holding your token, or set FACTORY_TOKEN");
      }
    }
    return Optional.ofNullable(System.getenv("FACTORY_TOKEN"))
        .map(String::strip)
        .filter(t -> !t.isEmpty());
  }
}

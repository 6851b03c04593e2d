package org.dataelements.factory.products.release.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.dataelements.factory.products.release.ReleaseErrors;

/**
 * The {@code <warehouse>/_security/} folder: created owner-only (700), files written atomically and
 * owner-only (600) where the file system has POSIX permissions, changes serialized by a lock file
 * so that two processes do not lose each other's writes.
 */
public final class SecurityDir {
  public static final String NAME = "_security";
  private static final String LOCK = ".lock";
  private static final Set<PosixFilePermission> DIR_700 =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_600 =
      PosixFilePermissions.fromString("rw-------");

  /** FileChannel locks are per process; this one keeps threads of one process apart. */
  private static final ReentrantLock IN_PROCESS = new ReentrantLock();

  private final Path dir;
  private final boolean posix;

  private SecurityDir(Path dir, boolean posix) {
    this.dir = dir;
    this.posix = posix;
  }

  /** The security folder of a warehouse, created (700) when missing. */
  public static SecurityDir of(Path warehouse) {
    Path dir = warehouse.resolve(NAME);
    try {
      Files.createDirectories(warehouse);
      boolean posix = Files.getFileStore(warehouse).supportsFileAttributeView("posix");
      if (!Files.isDirectory(dir)) {
        try {
          if (posix) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_700));
            // the umask may have removed bits from the requested mode, never added them
          } else {
            Files.createDirectory(dir);
          }
        } catch (FileAlreadyExistsException raced) {
          // another process created it first; fine
        }
      }
      if (posix && !Files.getPosixFilePermissions(dir).equals(DIR_700)) {
        Files.setPosixFilePermissions(dir, DIR_700);
      }
      return new SecurityDir(dir, posix);
    } catch (IOException e) {
      throw ReleaseErrors.cannotWrite(dir, e);
    }
  }

  public Path path() {
    return dir;
  }

  public Path resolve(String name) {
    return dir.resolve(name);
  }

  /** True when the file system keeps POSIX permissions, so owner-only modes are enforced. */
  public boolean posix() {
    return posix;
  }

  /** The file's POSIX permissions as {@code rw-------}, where the file system has them. */
  public Optional<String> permissions(Path file) {
    if (!posix) {
      return Optional.empty();
    }
    try {
      return Optional.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    } catch (IOException e) {
      throw ReleaseErrors.cannotRead(file, e);
    }
  }

  /**
   * Replaces (or creates) {@code name} with {@code bytes} atomically: a reader sees the old file or
   * the new one, never a part. The file is 600 when {@code ownerOnly}, else 644.
   */
  public Path writeAtomically(String name, byte[] bytes, boolean ownerOnly) {
    Path target = dir.resolve(name);
    Path tmp = null;
    try {
      FileAttribute<?>[] attrs =
          posix
              ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(
                    ownerOnly ? FILE_600 : PosixFilePermissions.fromString("rw-r--r--"))
              }
              : new FileAttribute<?>[0];
      tmp = Files.createTempFile(dir, "." + name + ".", ".tmp", attrs);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      return target;
    } catch (IOException e) {
      throw ReleaseErrors.cannotWrite(target, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed and is reported; a stray temp file is harmless
        }
      }
    }
  }

  /** Runs {@code action} holding the folder's lock (this process's threads and others). */
  public <T> T locked(Supplier<T> action) {
    Path lock = dir.resolve(LOCK);
    IN_PROCESS.lock();
    try (FileChannel ch =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = ch.lock()) {
      return action.get();
    } catch (IOException e) {
      throw ReleaseErrors.cannotWrite(lock, e);
    } finally {
      IN_PROCESS.unlock();
    }
  }
}

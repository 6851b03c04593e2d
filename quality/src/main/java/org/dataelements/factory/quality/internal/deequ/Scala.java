package org.dataelements.factory.quality.internal.deequ;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** The Java-to-Scala conversions Deequ's signatures need, in one place (STYLE §4). */
final class Scala {
  private Scala() {}

  static <T> Option<T> option(Optional<T> o) {
    return o.isPresent() ? Option.apply(o.get()) : Option.empty();
  }

  /** A Scala {@code Option[Double]} as Deequ's erased signatures take it. */
  static Option<Object> someDouble(double d) {
    return Option.apply((Object) d);
  }

  static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(list)).toSeq();
  }

  /** A Scala {@code Vector[Double]}, boxed as Deequ's erased signatures take it. */
  static scala.collection.immutable.Vector<Object> vector(double[] values) {
    List<Object> boxed = new ArrayList<>(values.length);
    for (double v : values) {
      boxed.add(v);
    }
    return JavaConverters.asScalaBuffer(boxed).toVector();
  }

  static <T> List<T> list(Seq<T> seq) {
    return JavaConverters.seqAsJavaList(seq);
  }
}

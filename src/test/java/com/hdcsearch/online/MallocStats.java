package com.hdcsearch.online;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * Bytes in use by the C allocator (glibc's {@code mallinfo2}: arena plus mmapped chunks). libtorch's CPU tensors come
 * from it and the Java heap does not, so unlike the process's RSS it does not move when the garbage collector first
 * touches more of the heap (measured: RSS rose 185 MiB over 550 online steps while this stayed flat).
 */
public final class MallocStats {
  private MallocStats() {}

  /** glibc's struct mallinfo2: ten size_t fields. */
  @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
      "fordblks", "keepcost"})
  public static class MallInfo2 extends Structure {
    /** Returned by value, as mallinfo2 does. */
    public static final class ByValue extends MallInfo2 implements Structure.ByValue {}

    public long arena;
    public long ordblks;
    public long smblks;
    public long hblks;
    public long hblkhd;
    public long usmblks;
    public long fsmblks;
    public long uordblks;
    public long fordblks;
    public long keepcost;
  }

  interface LibC extends Library {
    MallInfo2.ByValue mallinfo2();
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  /** Allocated bytes: small chunks in the arenas plus mmapped large ones. */
  public static long inUseBytes() {
    MallInfo2 info = Holder.LIBC.mallinfo2();
    return info.uordblks + info.hblkhd;
  }
}

/** A few reusable I420 frame buffers: memory stays the same whatever the clip's length. */
import { newI420, type I420 } from '../../core/yuv';

export class FramePool {
  private readonly free: I420[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  acquire(): I420 {
    return this.free.pop() ?? newI420(this.width, this.height);
  }

  release(frame: I420): void {
    this.free.push(frame);
  }
}

// Decodes a PNG with canvas (the same library that drew it) so chart tests can check size and colours.
import { createCanvas, loadImage } from 'canvas';

export interface DecodedPng {
  width: number;
  height: number;
  /** How many pixels are exactly (±tolerance per channel) this colour. */
  countColour(rgb: [number, number, number], tolerance?: number): number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(data: Buffer): boolean {
  return data.subarray(0, 8).equals(PNG_SIGNATURE);
}

export async function decodePng(data: Buffer): Promise<DecodedPng> {
  const image = await loadImage(data);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
  return {
    width: image.width,
    height: image.height,
    countColour([r, g, b], tolerance = 2) {
      let n = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (Math.abs(pixels[i]! - r) <= tolerance && Math.abs(pixels[i + 1]! - g) <= tolerance && Math.abs(pixels[i + 2]! - b) <= tolerance) n++;
      }
      return n;
    },
  };
}

import { CliIo, InputError } from "./io";

// Placeholder until the command's issue lands: the dispatcher needs the module to exist.
export async function render(_argv: readonly string[], _io: CliIo): Promise<number> {
  throw new InputError("the render command is not built yet");
}

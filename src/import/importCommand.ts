/** A file sent to the bot runs this command with the file attached. */
export const IMPORT_COMMAND = '/导入';

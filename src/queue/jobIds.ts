/** BullMQ refuses ':' in custom job ids (it separates Redis key parts); event keys have one. */
export const jobIdOf = (key: string) => encodeURIComponent(key);

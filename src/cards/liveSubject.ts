/** What a live card counts: an activity's check-ins, or a notice's acknowledgements. */
export const liveSubject = {
  activity: (number: number) => `activity:${number}`,
  notice: (code: string) => `notice:${code}`,
};

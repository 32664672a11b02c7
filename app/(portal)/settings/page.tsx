import { redirect } from "next/navigation";

/** Settings has one section for now. */
export default function SettingsPage() {
  redirect("/settings/api-keys");
}
